/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The method of batch means, for the tests that hold a simulated mean
 * against a closed form: a run's observations, in order, are cut into
 * equal consecutive batches; when a batch is much longer than the
 * observations stay correlated, the batch means are nearly independent,
 * and the standard error of their mean is an honest one for the run's mean.
 */

#ifndef CO_BATCH_MEANS_H
#define CO_BATCH_MEANS_H

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ns3
{
namespace condistest
{

/// A simulated mean and its standard error.
struct Estimate
{
    double mean;          //!< of the observations in the batches
    double standardError; //!< of the batch means' mean
};

/**
 * \param observations in the order they were made (a remainder past the
 *        last whole batch is left out)
 * \param batches how many batches (2 at least)
 * \return the mean of the batches and its standard error
 */
template <typename T>
Estimate
BatchMeans(const std::vector<T>& observations, uint32_t batches)
{
    std::size_t size = observations.size() / batches;
    std::vector<double> means;
    for (uint32_t k = 0; k < batches; ++k)
    {
        double sum = 0;
        for (std::size_t i = k * size; i < (k + 1) * size; ++i)
        {
            sum += observations[i];
        }
        means.push_back(sum / size);
    }
    double mean = 0;
    for (double m : means)
    {
        mean += m / batches;
    }
    double squares = 0;
    for (double m : means)
    {
        squares += (m - mean) * (m - mean);
    }
    return Estimate{mean, std::sqrt(squares / (batches - 1) / batches)};
}

} // namespace condistest
} // namespace ns3

#endif /* CO_BATCH_MEANS_H */
