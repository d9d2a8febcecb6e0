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
 * \brief What an AAL5 frame carries, as the SunATM pseudo-header encodes it
 *        in the low nibble of its flags byte.
 */
enum class AtmTrafficType : uint8_t
{
    VcMultiplexed = 0, //!< one protocol per VC (RFC 2684 VC multiplexing)
    Lane = 1,          //!< LAN emulation
    Llc = 2,           //!< LLC/SNAP encapsulation (RFC 2684)
    Ilmi = 5,          //!< interim local management interface
    Signalling = 6,    //!< Q.2931 over SSCOP (SAAL)
};

/**
 * \ingroup condis
 * \param os output stream
 * \param type a traffic type
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, AtmTrafficType type);

/**
 * \ingroup condis
 * \brief The 4 bytes in front of every frame on a CoChannel: the SunATM
 *        pseudo-header (pcap LINKTYPE_SUNATM, 123).
 *
 * Byte 0 holds the flags (0x80 when the frame was sent by the user, DTE,
 * side; the low nibble is the traffic type), byte 1 the VPI and bytes 2-3
 * the VCI, big-endian. Because a frame carries exactly this header, a frame
 * as it travels is already a pcap record of that link type.
 *
 * The header stands for the 5-byte cell headers of the cells the frame is
 * cut into, so it does not count towards the transmission time.
 */
class AtmFrameHeader : public Header
{
  public:
    static constexpr uint8_t SIGNALLING_VPI = 0;  //!< VPI of the UNI signalling channel
    static constexpr uint16_t SIGNALLING_VCI = 5; //!< VCI of the UNI signalling channel

    /// A header for VPI 0, VCI 0, VC-multiplexed, sent by the network side.
    AtmFrameHeader();

    /**
     * \param vpi virtual path identifier
     * \param vci virtual channel identifier
     * \param type what the frame carries
     * \param fromUserSide true when the user (DTE) side sends the frame
     */
    AtmFrameHeader(uint8_t vpi, uint16_t vci, AtmTrafficType type, bool fromUserSide);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \param start where the header begins
     * \return the bytes read: 4, or 0 when fewer than 4 bytes are left
     */
    uint32_t Deserialize(Buffer::Iterator start) override;

    /// \return the virtual path identifier
    uint8_t GetVpi() const;

    /// \return the virtual channel identifier
    uint16_t GetVci() const;

    /// \return what the frame carries
    AtmTrafficType GetTrafficType() const;

    /// \return true when the user (DTE) side sent the frame
    bool IsFromUserSide() const;

    /// \param vpi the virtual path identifier
    void SetVpi(uint8_t vpi);

    /// \param vci the virtual channel identifier
    void SetVci(uint16_t vci);

    /// \param type what the frame carries
    void SetTrafficType(AtmTrafficType type);

    /// \param fromUserSide true when the user (DTE) side sends the frame
    void SetFromUserSide(bool fromUserSide);

  private:
    uint8_t m_vpi;         //!< virtual path identifier
    uint16_t m_vci;        //!< virtual channel identifier
    AtmTrafficType m_type; //!< traffic type (low nibble of the flags)
    bool m_fromUserSide;   //!< direction (0x80 bit of the flags)
};

} // namespace ns3

#endif /* ATM_FRAME_HEADER_H */
