/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_CALL_PARAMETERS_H
#define CO_CALL_PARAMETERS_H

#include "aesa-address.h"

#include "ns3/data-rate.h"

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * \ingroup condis
 * \brief ATM service categories (ATM Forum TM 4.0 / ITU-T I.371 transfer capabilities).
 */
enum class CoServiceCategory : uint8_t
{
    Cbr,    //!< constant bit rate: PCR reserved
    RtVbr,  //!< real-time variable bit rate: SCR reserved, PCR and MBS policed
    NrtVbr, //!< non-real-time variable bit rate
    Ubr,    //!< unspecified bit rate: nothing reserved
};

/**
 * \ingroup condis
 * \param category a service category
 * \return its usual name, e.g. "rt-VBR"
 */
const char* GetServiceCategoryName(CoServiceCategory category);

/**
 * \ingroup condis
 * \brief The traffic contract of one direction of a call, in cells per second.
 */
struct CoFlowSpec
{
    uint32_t peakCellRate = 0;        //!< PCR, cells/s (0 = the link rate, for UBR)
    uint32_t sustainableCellRate = 0; //!< SCR, cells/s (VBR only)
    uint32_t maxBurstSize = 0;        //!< MBS, cells (VBR only)
    uint16_t maxSduSize = 9188;       //!< largest AAL5 CPCS-SDU, bytes

    bool operator==(const CoFlowSpec& o) const
    {
        return peakCellRate == o.peakCellRate && sustainableCellRate == o.sustainableCellRate &&
               maxBurstSize == o.maxBurstSize && maxSduSize == o.maxSduSize;
    }
};

/**
 * \ingroup condis
 * \brief What a client asks for in MakeCall, and what the network grants
 *        (after CO_CALL_PARAMETERS with its ATM media parameters).
 *
 * Forward is from the calling party to the called party.
 */
class CoCallParameters
{
  public:
    // The one-byte fields sit together, so that the parameters take 88
    // bytes rather than 92: every VC of a host keeps a copy.
    CoServiceCategory category = CoServiceCategory::Ubr; //!< service category
    uint8_t qosClass = 0; //!< QoS class (0 = unspecified), both directions
    CoFlowSpec forward;   //!< caller to callee
    CoFlowSpec backward;  //!< callee to caller
    /// The lowest forward peak cell rate the caller accepts when the network
    /// or the called party lowers the contract (0: no minimum given). Sent as
    /// the minimum acceptable ATM traffic descriptor (Q.2962); not part of the
    /// contract itself (SameContract() ignores it).
    uint32_t minimumForwardPeakCellRate = 0;
    /// The lowest backward peak cell rate the caller accepts (0: no minimum given).
    uint32_t minimumBackwardPeakCellRate = 0;
    AesaAddress calledParty;  //!< who is called
    AesaAddress callingParty; //!< who calls (filled in by the calling device)
    bool modified = false;    //!< set when the network changed what was asked for

    /**
     * \brief A symmetric contract: the same flow in both directions.
     * \param category service category
     * \param pcr peak cell rate, cells/s
     * \param scr sustainable cell rate, cells/s (VBR)
     * \param mbs maximum burst size, cells (VBR)
     * \return the parameters
     */
    static CoCallParameters Symmetric(CoServiceCategory category,
                                      uint32_t pcr,
                                      uint32_t scr = 0,
                                      uint32_t mbs = 0);

    /**
     * \brief Checks that the contract makes sense for its category.
     *
     * A backward direction with no rates at all (PCR, SCR and MBS 0) is a
     * one-way call, valid in every category: a point-to-multipoint call's
     * backward direction is always so (Q.2971).
     * \return an empty string when valid, else what is wrong, naming the field and value
     */
    std::string Validate() const;

    /**
     * \brief The cell rate that admission control reserves for one direction:
     *        PCR for CBR, SCR for VBR, nothing for UBR.
     * \param flow the direction's contract
     * \return cells per second
     */
    uint32_t GetReservedCellRate(const CoFlowSpec& flow) const;

    /**
     * \brief Whether the traffic contract (not the addresses or the flag) is the same.
     * \param other other parameters
     * \return true when category, both flows and QoS class match
     */
    bool SameContract(const CoCallParameters& other) const;

    /**
     * \brief Checks an answer to an offered contract: the called party (or
     *        a switch relaying its CONNECT) may only lower what it was offered.
     *
     * The answer must be valid (Validate()), of the same category and QoS
     * class, with no rate or burst size larger than offered, and with each
     * peak cell rate at least the offer's minimum acceptable one when the
     * caller gave one.
     *
     * \param answer the contract the called party answered with
     * \return an empty string when \p answer may replace this offer, else
     *         what is wrong, naming the field and both values
     */
    std::string CheckAnswer(const CoCallParameters& answer) const;

    /**
     * \param cellRate cells per second
     * \return the line rate those cells take (53 bytes each)
     */
    static DataRate CellRateToDataRate(uint32_t cellRate);

    /**
     * \param rate a line rate
     * \return how many 53-byte cells per second fit in it (rounded down)
     */
    static uint32_t DataRateToCellRate(DataRate rate);
};

std::ostream& operator<<(std::ostream& os, const CoCallParameters& p);

} // namespace ns3

#endif /* CO_CALL_PARAMETERS_H */
