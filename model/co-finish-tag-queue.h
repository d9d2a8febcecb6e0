/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_FINISH_TAG_QUEUE_H
#define CO_FINISH_TAG_QUEUE_H

#include <absl/container/flat_hash_map.h>
#include <cstdint>
#include <queue>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief The finish tags of self-clocked fair queueing (SCFQ), served
 *        smallest first, at a cost that does not grow with the number of
 *        VCs waiting.
 *
 * In SCFQ every tag is pushed as V + d, V being the tag last served (which
 * never decreases) and d a frame's cells divided by its VC's weight (the
 * increment). Tags pushed with the same increment therefore arrive in
 * order: a FIFO per increment holds them sorted for free, and only the
 * heads of the FIFOs need a heap. Serving and pushing cost O(1) plus
 * O(log g), g being the increments that have tags waiting: one for VCs of
 * one weight sending frames of one size, however many they are; a few for
 * a category's usual mix of frame sizes and weights. It is never more than
 * a heap of every tag (g <= the tags waiting), and the order is exactly the
 * heap's: smallest tag first, ties in the order pushed. (Exact fair
 * queueing cannot be O(1) whatever the weights and sizes: its delay bounds
 * need Omega(log n) per frame in general. This exploits that the
 * increments of real traffic take few values.)
 *
 * The entries live in one pool, reused: pushing allocates only when more
 * tags wait than ever before. An increment's FIFO costs a few bytes; one
 * that empties is kept for its next tag unless many increments have been
 * seen, so that frames of random sizes do not make the table grow without
 * bound.
 */
class CoFinishTagQueue
{
  public:
    /// One tag and what it is for.
    struct Entry
    {
        double tag = 0;          //!< the finish tag
        uint64_t sequence = 0;   //!< ties go in this order (the order pushed)
        uint32_t slot = 0;       //!< the VC
        uint32_t generation = 0; //!< the VC's generation when pushed
    };

    /**
     * Pushes \p entry, whose tag is the V of the moment plus \p increment.
     * \param entry the tag; not below any tag pushed before with the same
     *        increment, nor its sequence (SCFQ's tags are never)
     * \param increment the frame's cells divided by its VC's weight
     */
    void Push(const Entry& entry, double increment);
    /// \return the smallest tag (the first pushed among equal ones); the queue is not empty
    const Entry& Top() const;
    /// Removes Top()
    void Pop();
    /// \return true when no tag waits
    bool IsEmpty() const;
    /// \return the tags waiting
    std::size_t GetSize() const;
    /// \return the increments with an FIFO (waiting tags or kept empty)
    std::size_t GetIncrementCount() const;
    /// Removes every tag (and forgets the increments)
    void Clear();

    /// Empty FIFOs are kept while there are at most this many increments.
    static constexpr std::size_t KEEP_INCREMENTS = 64;

  private:
    static constexpr uint32_t NONE = UINT32_MAX;

    /// An entry in its FIFO.
    struct Node
    {
        Entry entry;          //!< the tag
        uint32_t next = NONE; //!< the next of its FIFO, or the next free node
    };

    /// The tags pushed with one increment, in order.
    struct Fifo
    {
        double increment = 0; //!< its increment
        uint32_t head = NONE; //!< first node
        uint32_t tail = NONE; //!< last node
    };

    /// A FIFO's first tag, in the heap of heads.
    struct Head
    {
        double tag;        //!< its tag
        uint64_t sequence; //!< its sequence
        uint32_t fifo;     //!< the FIFO

        /// \param o other head \return true when this one goes after \p o (min-heap)
        bool operator>(const Head& o) const
        {
            return tag != o.tag ? tag > o.tag : sequence > o.sequence;
        }
    };

    uint32_t FifoFor(double increment);
    uint32_t NewNode(const Entry& entry);

    std::vector<Node> m_nodes;                      //!< the pool
    uint32_t m_freeNodes = NONE;                    //!< free nodes, linked
    std::vector<Fifo> m_fifos;                      //!< by index
    std::vector<uint32_t> m_freeFifos;              //!< indices of forgotten FIFOs
    absl::flat_hash_map<double, uint32_t> m_fifoOf; //!< by increment
    uint32_t m_lastFifo = NONE;                     //!< the FIFO pushed to last
    std::priority_queue<Head, std::vector<Head>, std::greater<>> m_heads; //!< non-empty FIFOs
    std::size_t m_size = 0;                                               //!< tags waiting
};

} // namespace ns3

#endif /* CO_FINISH_TAG_QUEUE_H */
