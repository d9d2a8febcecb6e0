/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_CELL_LOSS_TAG_H
#define CO_CELL_LOSS_TAG_H

#include "ns3/tag.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Marks an AAL5 frame some of whose cells were lost on the way:
 *        simulation metadata standing for the cells that are not there.
 *
 * At cell-level fidelity (CoVcScheduler's Fidelity attribute: Cell) a port
 * whose buffer fills loses cells one by one, so a frame may go on with
 * only some of them. The frame still travels as one Packet (what is left
 * of it takes the link time of the cells that survived), and this packet
 * tag says what it lacks. The receiving NIC's reassembly throws such a
 * frame away (its CRC-32 would fail: CoNetDevice's ReassemblyDrop, CellLoss),
 * and when the frame's last cell (the one whose PTI marks the end of the
 * CPCS-PDU) was among those lost, the cells that did arrive run into the next
 * frame of the VC, which is lost too (Merged). Partial packet discard exists
 * to keep that last cell.
 */
class CoCellLossTag : public Tag
{
  public:
    /**
     * \param lostCells cells of the frame lost so far
     * \param lastCellLost whether its last (end-of-PDU) cell is among them
     */
    explicit CoCellLossTag(uint32_t lostCells = 0, bool lastCellLost = false);

    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(TagBuffer i) const override;
    void Deserialize(TagBuffer i) override;
    void Print(std::ostream& os) const override;

    /// \return cells of the frame lost so far
    uint32_t GetLostCells() const
    {
        return m_lostCells;
    }

    /// \return whether the frame's last cell is among them
    bool IsLastCellLost() const
    {
        return m_lastCellLost;
    }

    /**
     * \return whether any frame of this process has carried the tag: until
     *         one does, a receiver need not look for it on every frame (a
     *         tag lookup is a list walk and a TypeId; this is one load)
     */
    static bool IsInUse()
    {
        return s_inUse;
    }

  private:
    /// Set by the first tag made with cells lost, never cleared.
    static inline bool s_inUse = false;

    uint32_t m_lostCells; //!< cells lost so far
    bool m_lastCellLost;  //!< the end-of-PDU cell is among them
};

} // namespace ns3

#endif /* CO_CELL_LOSS_TAG_H */
