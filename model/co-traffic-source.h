/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_TRAFFIC_SOURCE_H
#define CO_TRAFFIC_SOURCE_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief One AAL5 SDU a traffic source offers: how long after the previous
 *        one (or after the start, for the first) and how many bytes.
 */
struct CoTrafficFrame
{
    Time gap;      //!< from the previous frame (or the start) to this one
    uint32_t size; //!< SDU bytes
};

/**
 * \ingroup condis
 * \brief A model of the traffic one VC carries: a sequence of frames, each
 *        with its size and the gap before it.
 *
 * A source only says what is offered; a CoTrafficSender offers it to a VC.
 * Each VC gets a source of its own, since on/off and trace sources keep
 * state from frame to frame. Random quantities come from ns-3
 * RandomVariableStreams, so that seeds, runs and AssignStreams apply.
 */
class CoTrafficSource : public Object
{
  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Draws the next frame.
     * \param[out] frame the frame, when there is one
     * \return false when the source has no more frames (it ended)
     */
    virtual bool GetNextFrame(CoTrafficFrame& frame) = 0;

    /**
     * \brief Assigns fixed streams to the source's random variables.
     * \param stream the first stream index to use
     * \return the number of stream indices assigned
     */
    virtual int64_t AssignStreams(int64_t stream);

    /**
     * \brief Checks the configuration (and, for a trace, reads it).
     * \return empty when usable; otherwise what is wrong, naming the value
     */
    virtual std::string Validate();

    /// \return the mean offered rate in bit/s of SDU bytes, when the model knows it (0 otherwise)
    virtual double GetMeanBitRate() const = 0;
};

/**
 * \ingroup condis
 * \brief Constant bit rate: PacketSize-byte frames every Interval, the first at once.
 */
class CoCbrSource : public CoTrafficSource
{
  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    bool GetNextFrame(CoTrafficFrame& frame) override;
    std::string Validate() override;
    double GetMeanBitRate() const override;

  private:
    uint32_t m_packetSize; //!< bytes per frame
    Time m_interval;       //!< between frames
    bool m_started{false}; //!< the first frame has been given
};

/**
 * \ingroup condis
 * \brief On/off VBR: while on, frames at the peak rate; while off, none.
 *
 * The on and off periods are drawn from OnTime and OffTime (exponential by
 * default; a ParetoRandomVariable gives heavy-tailed bursts, whose
 * superposition is self-similar). The source starts in an on period. While
 * on, a PacketSize-byte frame starts every PacketSize * 8 / PeakRate; only
 * frames that fit wholly in an on period are sent, the rest of the period
 * is silent. The mean rate is then close to PeakRate * E[on] / (E[on] + E[off]).
 */
class CoOnOffSource : public CoTrafficSource
{
  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    bool GetNextFrame(CoTrafficFrame& frame) override;
    int64_t AssignStreams(int64_t stream) override;
    std::string Validate() override;
    double GetMeanBitRate() const override;

  protected:
    void DoDispose() override;

  private:
    DataRate m_peakRate;                 //!< the rate while on
    uint32_t m_packetSize;               //!< bytes per frame
    Ptr<RandomVariableStream> m_onTime;  //!< seconds per on period
    Ptr<RandomVariableStream> m_offTime; //!< seconds per off period
    Time m_onLeft{0};                    //!< of the current on period
    Time m_carry{0};                     //!< silence accumulated before the next frame
    bool m_started{false};               //!< the first on period has been drawn
};

/**
 * \ingroup condis
 * \brief Poisson frames: exponential gaps of mean 1/FrameRate, sizes fixed or
 *        exponential with mean MeanSize (rounded, at least 1 byte, at most MaxSize).
 */
class CoPoissonSource : public CoTrafficSource
{
  public:
    /// How frame sizes are drawn.
    enum SizeDistribution
    {
        FIXED_SIZE,       //!< every frame MeanSize bytes
        EXPONENTIAL_SIZE, //!< exponential, mean MeanSize
    };

    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    CoPoissonSource();

    bool GetNextFrame(CoTrafficFrame& frame) override;
    int64_t AssignStreams(int64_t stream) override;
    std::string Validate() override;
    double GetMeanBitRate() const override;

  protected:
    void DoDispose() override;

  private:
    double m_frameRate;                            //!< frames per second
    uint32_t m_meanSize;                           //!< mean (or fixed) bytes per frame
    uint32_t m_maxSize;                            //!< the largest exponential size
    SizeDistribution m_sizes;                      //!< fixed or exponential
    Ptr<ExponentialRandomVariable> m_gapVariable;  //!< gaps, mean 1
    Ptr<ExponentialRandomVariable> m_sizeVariable; //!< sizes, mean 1
};

/**
 * \ingroup condis
 * \brief Replays a trace file: one frame per line, "time size", the time in
 *        seconds from the start of the flow (non-decreasing), the size in
 *        bytes (1..65535). Blank lines and lines starting with '#' are skipped.
 *
 * The file is read by Validate() (or by the first GetNextFrame()); a line
 * that cannot be read makes Validate() name the file and the line, and the
 * source then offers nothing.
 */
class CoTraceReplaySource : public CoTrafficSource
{
  public:
    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    bool GetNextFrame(CoTrafficFrame& frame) override;
    std::string Validate() override;
    double GetMeanBitRate() const override;

    /// \return the number of frames the trace holds (after Validate())
    std::size_t GetFrameCount() const;

  private:
    /// One line of the trace.
    struct Entry
    {
        Time at;       //!< from the start of the flow
        uint32_t size; //!< bytes
    };

    std::string m_fileName;     //!< the trace
    bool m_loaded{false};       //!< read (successfully or not)
    std::string m_error;        //!< why it could not be read
    std::vector<Entry> m_trace; //!< its frames
    std::size_t m_next{0};      //!< the next frame to give
};

} // namespace ns3

#endif /* CO_TRAFFIC_SOURCE_H */
