/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_GCRA_H
#define CO_GCRA_H

#include "co-call-parameters.h"

#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup condis
 * \brief The Generic Cell Rate Algorithm GCRA(I, L) of ATM Forum TM 4.0
 *        (ITU-T I.371), in its virtual scheduling form.
 *
 * The algorithm keeps one time, the theoretical arrival time (TAT) of the
 * next cell. A cell arriving at t conforms when t >= TAT - L; a conforming
 * cell moves TAT to max(t, TAT) + I, a non-conforming one leaves it alone.
 * I is the increment (1/PCR or 1/SCR) and L the limit (CDVT, or BT + CDVT).
 *
 * A shaper asks when the next cell may go (GetEarliestConformingTime) and
 * sends it then; a policer asks whether a cell that arrived conforms
 * (Conform). Both may count several cells at once: an AAL5 frame at frame
 * level is its n cells counted as one event, which moves TAT by n I, as if
 * its cells followed the first at exactly the increment (each then arrives
 * on its own TAT and conforms). Such a frame conforms when its first cell
 * does.
 *
 * A value class: copy it freely. A GCRA with increment zero (the default)
 * lets every cell through.
 */
class CoGcra
{
  public:
    /// A GCRA that lets every cell through (no contract).
    CoGcra() = default;

    /**
     * \param increment I: the time one cell is worth (1 / rate)
     * \param limit L: the tolerance, 0 or more
     */
    CoGcra(Time increment, Time limit);

    /**
     * \param cellRate cells per second (0: a GCRA that lets every cell through)
     * \param limit L
     * \return GCRA(1 / cellRate, limit)
     */
    static CoGcra FromCellRate(uint32_t cellRate, Time limit);

    /// \return false for a GCRA that lets every cell through
    bool IsEnabled() const
    {
        return m_increment.IsStrictlyPositive();
    }

    /**
     * \param t arrival time
     * \return whether a cell (or the first cell of a frame) arriving at \p t conforms
     */
    bool IsConforming(Time t) const;

    /**
     * \return the earliest time at which a cell conforms: TAT - L (which
     *         may lie in the past)
     */
    Time GetEarliestConformingTime() const;

    /**
     * \brief The policer's step: tests a cell (or frame) and, if it
     *        conforms, counts it.
     * \param t arrival time
     * \param cells how many cells arrive together (a frame's cells)
     * \return whether it conformed; TAT is unchanged when not
     */
    bool Conform(Time t, uint32_t cells = 1);

    /**
     * \brief The shaper's step: counts cells sent at \p t, conforming or not.
     * \param t departure time
     * \param cells how many cells
     */
    void Charge(Time t, uint32_t cells = 1);

    /// Forgets the past: the next cell conforms whenever it comes.
    void Reset();

    /// \return the theoretical arrival time of the next cell
    Time GetTheoreticalArrivalTime() const
    {
        return m_tat;
    }

    /// \return I
    Time GetIncrement() const
    {
        return m_increment;
    }

    /// \return L
    Time GetLimit() const
    {
        return m_limit;
    }

  private:
    Time m_increment; //!< I
    Time m_limit;     //!< L
    Time m_tat;       //!< theoretical arrival time of the next cell
};

/**
 * \ingroup condis
 * \brief The contract of one VC as its shaper sees it: GCRA(1/PCR, CDVT)
 *        and, for VBR, GCRA(1/SCR, BT + CDVT) with
 *        BT = (MBS - 1)(1/SCR - 1/PCR). A cell conforms when both allow it.
 */
class CoDualGcra
{
  public:
    /// No contract: every cell conforms.
    CoDualGcra() = default;

    /**
     * \param peak GCRA(1/PCR, CDVT)
     * \param sustainable GCRA(1/SCR, BT + CDVT), or a disabled one
     */
    CoDualGcra(const CoGcra& peak, const CoGcra& sustainable);

    /**
     * \brief The GCRAs of a granted contract.
     *
     * The peak GCRA when the flow has a PCR (UBR with PCR 0 is unshaped);
     * the sustainable one for rt-VBR and nrt-VBR with an SCR below the PCR.
     * \param category the call's service category
     * \param flow the direction's contract
     * \param cdvt cell delay variation tolerance
     * \return the pair
     */
    static CoDualGcra ForContract(CoServiceCategory category, const CoFlowSpec& flow, Time cdvt);

    /**
     * \param pcr peak cell rate, cells/s
     * \param scr sustainable cell rate, cells/s
     * \param mbs maximum burst size, cells (1 or more)
     * \return BT = (MBS - 1)(1/SCR - 1/PCR), zero when SCR >= PCR or MBS <= 1
     */
    static Time GetBurstTolerance(uint32_t pcr, uint32_t scr, uint32_t mbs);

    /// \return whether either GCRA is enabled
    bool IsEnabled() const
    {
        return m_peak.IsEnabled() || m_sustainable.IsEnabled();
    }

    /// \return the later of both earliest conforming times
    Time GetEarliestConformingTime() const;

    /**
     * \param t arrival time
     * \return whether a cell arriving at \p t conforms to both
     */
    bool IsConforming(Time t) const;

    /**
     * \brief Tests against both and counts in both only if both allow it.
     * \param t arrival time
     * \param cells how many cells arrive together
     * \return whether it conformed
     */
    bool Conform(Time t, uint32_t cells = 1);

    /**
     * \brief Counts cells sent at \p t in both.
     * \param t departure time
     * \param cells how many cells
     */
    void Charge(Time t, uint32_t cells = 1);

    /// \return GCRA(1/PCR, CDVT)
    const CoGcra& GetPeak() const
    {
        return m_peak;
    }

    /// \return GCRA(1/SCR, BT + CDVT)
    const CoGcra& GetSustainable() const
    {
        return m_sustainable;
    }

  private:
    CoGcra m_peak;        //!< GCRA(1/PCR, CDVT)
    CoGcra m_sustainable; //!< GCRA(1/SCR, BT + CDVT)
};

} // namespace ns3

#endif /* CO_GCRA_H */
