/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ATM_FRAME_HEADER_H
#define ATM_FRAME_HEADER_H

#include "ns3/header.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief What a frame on a VC carries: the traffic type field of the SunATM
 *        pcap pseudo-header (LINKTYPE_SUNATM = 123).
 */
enum class AtmTrafficType : uint8_t
{
    VcMultiplexed = 0, //!< AAL5 user data, VC-multiplexed (RFC 2684)
    Lane = 1,          //!< LAN emulation
    Llc = 2,           //!< AAL5 user data with LLC/SNAP encapsulation (RFC 2684)
    Ilmi = 5,          //!< ILMI (SNMP over AAL5)
    Signalling = 6,    //!< signalling AAL: SSCOP PDUs carrying Q.2931
};

/**
 * \ingroup condis
 * \param type a traffic type
 * \return its name, e.g. "signalling"; "type N" for a value the model does not name
 */
const char* GetAtmTrafficTypeName(AtmTrafficType type);

/**
 * \ingroup condis
 * \brief Prints a traffic type by name, or "type N" for one without a name.
 * \param os the stream
 * \param type a traffic type
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, AtmTrafficType type);

/**
 * \ingroup condis
 * \brief The label every frame carries on a CoChannel: VPI/VCI, traffic type
 *        and the side that sent it.
 *
 * The 4 bytes are exactly the SunATM pcap pseudo-header, so that a frame as
 * it travels is a pcap record of link type 123 as it stands:
 * byte 0 holds the direction (0x80 when the user, DTE, side sent it) and the
 * traffic type in its low nibble; byte 1 the VPI; bytes 2-3 the VCI, big-endian.
 *
 * Bit 0x10 of byte 0, which the SunATM pseudo-header leaves unused (pcap
 * readers ignore bits 4-6), carries the cell loss priority of the frame's
 * cells: CLP=1 when a switch's usage parameter control tagged the frame
 * (CoSwitch's Upc attribute), so that ports downstream may discard it first.
 * A frame is one event: its cells share one CLP.
 */
class AtmFrameHeader : public Header
{
  public:
    static constexpr uint8_t SIGNALLING_VPI = 0;  //!< VPI of the signalling channel
    static constexpr uint16_t SIGNALLING_VCI = 5; //!< VCI of the signalling channel
    static constexpr uint32_t SIZE = 4;           //!< bytes on the wire

    /// VPI/VCI 0/0, VC-multiplexed, sent by the network side.
    AtmFrameHeader();

    /**
     * \param vpi virtual path identifier
     * \param vci virtual channel identifier
     * \param type what the frame carries
     * \param fromUserSide true when the user (DTE) side sends the frame
     * \param clp the cell loss priority of its cells (true: CLP=1, discard first)
     */
    AtmFrameHeader(uint8_t vpi,
                   uint16_t vci,
                   AtmTrafficType type,
                   bool fromUserSide,
                   bool clp = false);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \param start where the header begins
     * \return 4, or 0 when fewer than 4 bytes remain
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// \return the virtual path identifier
    uint8_t GetVpi() const;
    /// \param vpi the virtual path identifier
    void SetVpi(uint8_t vpi);
    /// \return the virtual channel identifier
    uint16_t GetVci() const;
    /// \param vci the virtual channel identifier
    void SetVci(uint16_t vci);
    /// \return what the frame carries (any 4-bit value read off the wire is kept)
    AtmTrafficType GetTrafficType() const;
    /// \param type what the frame carries
    void SetTrafficType(AtmTrafficType type);
    /// \return true when the user (DTE) side sent the frame
    bool IsFromUserSide() const;
    /// \param fromUserSide true when the user (DTE) side sends the frame
    void SetFromUserSide(bool fromUserSide);

    /// \return true when the frame's cells have CLP=1 (tagged: discarded first)
    bool GetClp() const
    {
        return m_clp;
    }

    /// \param clp the cell loss priority of the frame's cells
    void SetClp(bool clp)
    {
        m_clp = clp;
    }

  private:
    uint8_t m_vpi;         //!< virtual path identifier
    uint16_t m_vci;        //!< virtual channel identifier
    AtmTrafficType m_type; //!< traffic type (low nibble of byte 0)
    bool m_fromUserSide;   //!< direction bit (0x80 of byte 0)
    bool m_clp;            //!< cell loss priority (0x10 of byte 0), in what was padding
};

} // namespace ns3

#endif /* ATM_FRAME_HEADER_H */
