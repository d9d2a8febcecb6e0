/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2931_BROADBAND_BEARER_CAPABILITY_IE_H
#define Q2931_BROADBAND_BEARER_CAPABILITY_IE_H

#include "ns3/buffer.h"

#include <cstdint>
#include <optional>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Q.2931 Broadband bearer capability information element (0x5E).
 *
 * Octet 5: bearer class (5 bits), ext bit clear when octet 5a follows;
 * octet 5a: ext bit | ATM transfer capability (7 bits, UNI 4.0);
 * octet 6: ext bit | susceptibility to clipping (bits 6-7) | user-plane
 * connection configuration (bits 1-2). E.g. BCOB-X, nrt-VBR, point-to-
 * multipoint: 10 8a 81.
 */
class BroadbandBearerCapabilityIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x5e; //!< information element identifier

    static constexpr uint8_t BCOB_A = 0x01;  //!< bearer class A (CBR, end-to-end timing)
    static constexpr uint8_t BCOB_C = 0x03;  //!< bearer class C (VBR, no timing)
    static constexpr uint8_t BCOB_X = 0x10;  //!< bearer class X (transport only)
    static constexpr uint8_t BCOB_VP = 0x18; //!< transparent VP service

    static constexpr uint8_t ATC_CBR = 0x05;     //!< transfer capability CBR (with CLR)
    static constexpr uint8_t ATC_RT_VBR = 0x09;  //!< transfer capability rt-VBR
    static constexpr uint8_t ATC_NRT_VBR = 0x0a; //!< transfer capability nrt-VBR

    static constexpr uint8_t POINT_TO_POINT = 0;      //!< user-plane configuration
    static constexpr uint8_t POINT_TO_MULTIPOINT = 1; //!< user-plane configuration

    /// BCOB-X, no transfer capability, not susceptible to clipping, point-to-point.
    BroadbandBearerCapabilityIe();

    /**
     * \param bearer the bearer class (BCOB_*)
     * \param atc the ATM transfer capability (ATC_*), if any
     * \param configuration POINT_TO_POINT or POINT_TO_MULTIPOINT
     */
    explicit BroadbandBearerCapabilityIe(uint8_t bearer,
                                         std::optional<uint8_t> atc = std::nullopt,
                                         uint8_t configuration = POINT_TO_POINT);

    /// \return bytes of contents (after the 4-byte IE header): 2 or 3
    uint16_t GetContentsSize() const;
    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;
    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed: a length that does not
     *         match octet 5's ext bit, an unknown bearer class, or a reserved
     *         clipping or configuration code (any transfer capability is kept)
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);
    /// \param os where to print e.g. "BCOB-X/nrt-VBR p2mp"
    void Print(std::ostream& os) const;

    /// \return true when every field is equal
    bool operator==(const BroadbandBearerCapabilityIe& other) const;
    /// \return true when some field differs
    bool operator!=(const BroadbandBearerCapabilityIe& other) const;

    uint8_t bearerClass;                       //!< BCOB_*
    std::optional<uint8_t> transferCapability; //!< ATC_* (octet 5a), 7 bits
    bool susceptibleToClipping;                //!< susceptibility to clipping
    uint8_t userPlaneConfiguration;            //!< POINT_TO_POINT or POINT_TO_MULTIPOINT
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const BroadbandBearerCapabilityIe& ie);

} // namespace ns3

#endif /* Q2931_BROADBAND_BEARER_CAPABILITY_IE_H */
