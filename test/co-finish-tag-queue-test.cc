/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The finish tags of WFQ (CoFinishTagQueue): served in exactly the order a
 * heap of every tag serves them (smallest first, ties in the order pushed)
 * when driven the way SCFQ drives it, with few and with many distinct
 * increments; one FIFO for a thousand VCs of one weight and frame size;
 * empty FIFOs forgotten beyond the kept number; nothing left after a drain.
 */

#include "ns3/co-finish-tag-queue.h"

#include <gtest/gtest.h>
#include <queue>
#include <random>
#include <vector>

using namespace ns3;

namespace
{

using Entry = CoFinishTagQueue::Entry;

/// The reference: one heap of every tag, as the scheduler had before.
struct ReferenceHeap
{
    struct Later
    {
        bool operator()(const Entry& a, const Entry& b) const
        {
            return a.tag != b.tag ? a.tag > b.tag : a.sequence > b.sequence;
        }
    };

    std::priority_queue<Entry, std::vector<Entry>, Later> heap;
};

/**
 * Runs SCFQ over \p vcs VCs for \p services frames: each VC has a weight
 * from \p weights and sends frames of 1 to \p maxCells cells; a VC served
 * with frames left is pushed again at V + its next increment, an idle VC
 * comes back now and then. Both queues see the same pushes; \return the
 * number of services at which they disagreed.
 */
uint32_t
RunScfq(uint32_t vcs,
        const std::vector<double>& weights,
        uint32_t maxCells,
        uint32_t services,
        uint32_t seed,
        CoFinishTagQueue& queue)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<uint32_t> cellsOf(1, maxCells);
    std::uniform_int_distribution<uint32_t> framesOf(0, 4);
    std::vector<double> weightOf(vcs);
    std::vector<uint32_t> framesLeft(vcs);
    std::vector<bool> queued(vcs, false);
    for (uint32_t i = 0; i < vcs; ++i)
    {
        weightOf[i] = weights[i % weights.size()];
        framesLeft[i] = framesOf(rng);
    }
    ReferenceHeap reference;
    double v = 0;
    uint64_t sequence = 0;
    auto push = [&](uint32_t vc) {
        double increment = cellsOf(rng) / weightOf[vc];
        Entry e{v + increment, sequence++, vc, 0};
        queue.Push(e, increment);
        reference.heap.push(e);
        queued[vc] = true;
    };
    for (uint32_t i = 0; i < vcs; ++i)
    {
        if (framesLeft[i] > 0)
        {
            push(i);
        }
    }
    uint32_t disagreements = 0;
    std::uniform_int_distribution<uint32_t> anyVc(0, vcs - 1);
    for (uint32_t s = 0; s < services && !reference.heap.empty(); ++s)
    {
        EXPECT_EQ(queue.GetSize(), reference.heap.size());
        const Entry& mine = queue.Top();
        const Entry& theirs = reference.heap.top();
        if (mine.sequence != theirs.sequence || mine.slot != theirs.slot || mine.tag != theirs.tag)
        {
            ++disagreements;
        }
        uint32_t vc = theirs.slot;
        v = theirs.tag;
        queue.Pop();
        reference.heap.pop();
        queued[vc] = false;
        if (--framesLeft[vc] > 0)
        {
            push(vc);
        }
        // a VC with nothing queued gets frames again now and then
        uint32_t other = anyVc(rng);
        if (!queued[other] && rng() % 3 == 0)
        {
            framesLeft[other] += 1 + framesOf(rng);
            push(other);
        }
    }
    return disagreements;
}

TEST(CoFinishTagQueueTest, ServesAsAHeapOfEveryTagWithFewIncrements)
{
    CoFinishTagQueue queue;
    EXPECT_EQ(RunScfq(1000, {1.0}, 1, 20000, 1, queue), 0u);
    EXPECT_EQ(queue.GetIncrementCount(), 1u); // one weight, one frame size
    CoFinishTagQueue mixed;
    EXPECT_EQ(RunScfq(300, {1.0, 2.0, 0.5}, 3, 20000, 2, mixed), 0u);
    EXPECT_LE(mixed.GetIncrementCount(), 9u);
}

TEST(CoFinishTagQueueTest, ServesAsAHeapOfEveryTagWithManyIncrements)
{
    // Contract weights (PCR / unit) and frames of up to 200 cells: hundreds
    // of increments, so FIFOs are forgotten and their places reused.
    CoFinishTagQueue queue;
    EXPECT_EQ(RunScfq(500, {0.3, 1.5, 2.0, 7.0, 353.2}, 200, 50000, 3, queue), 0u);
    EXPECT_LE(queue.GetIncrementCount(), queue.GetSize() + CoFinishTagQueue::KEEP_INCREMENTS);
}

TEST(CoFinishTagQueueTest, EqualTagsGoInTheOrderPushed)
{
    CoFinishTagQueue queue;
    queue.Push({4.0, 10, 1, 0}, 2.0);
    queue.Push({4.0, 11, 2, 0}, 4.0);
    queue.Push({3.0, 12, 3, 0}, 1.0);
    queue.Push({4.0, 13, 4, 0}, 2.0);
    std::vector<uint32_t> order;
    while (!queue.IsEmpty())
    {
        order.push_back(queue.Top().slot);
        queue.Pop();
    }
    EXPECT_EQ(order, (std::vector<uint32_t>{3, 1, 2, 4}));
}

TEST(CoFinishTagQueueTest, ForgetsEmptyFifosBeyondTheKeptNumber)
{
    CoFinishTagQueue queue;
    const uint32_t increments = 3 * CoFinishTagQueue::KEEP_INCREMENTS;
    for (uint32_t i = 0; i < increments; ++i)
    {
        queue.Push({1.0 + i, i, i, 0}, 1.0 + i);
    }
    EXPECT_EQ(queue.GetIncrementCount(), increments);
    while (!queue.IsEmpty())
    {
        queue.Pop();
    }
    EXPECT_EQ(queue.GetSize(), 0u);
    EXPECT_EQ(queue.GetIncrementCount(), CoFinishTagQueue::KEEP_INCREMENTS);
    // A kept FIFO and a new one both take tags again.
    queue.Push({500.0, 1000, 7, 0}, 1.0 + increments - 1);
    queue.Push({600.0, 1001, 8, 0}, 0.25);
    EXPECT_EQ(queue.Top().slot, 7u);
    queue.Clear();
    EXPECT_TRUE(queue.IsEmpty());
    EXPECT_EQ(queue.GetIncrementCount(), 0u);
}

} // namespace
