/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef Q2971_ENDPOINT_STATE_IE_H
#define Q2971_ENDPOINT_STATE_IE_H

#include "ns3/buffer.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup condis
 * \brief The state of one party (one leaf) of a point-to-multipoint call at
 *        one interface (Q.2971 clause 2): the Endpoint state IE's values.
 *
 * The user side's PUx and the network side's PNx share the value x, as the
 * call states do.
 */
enum class Q2971PartyState : uint8_t
{
    Null = 0,                   //!< P0: no party
    AddPartyInitiated = 1,      //!< P1: SETUP or ADD PARTY sent for it, no answer yet
    PartyAlertingDelivered = 4, //!< P4: PARTY ALERTING (or ALERTING) sent for it
    AddPartyReceived = 6,       //!< P6: SETUP or ADD PARTY received for it, not answered
    PartyAlertingReceived = 7,  //!< P7: PARTY ALERTING (or ALERTING) received for it
    Active = 10,                //!< P10: added
    DropPartyInitiated = 11,    //!< P11: DROP PARTY sent, awaiting its acknowledgement
    DropPartyReceived = 12,     //!< P12: DROP PARTY received, not yet acknowledged
};

/**
 * \ingroup condis
 * \param state a party state
 * \return its name, e.g. "P10 Active"
 */
const char* GetQ2971PartyStateName(Q2971PartyState state);

/**
 * \ingroup condis
 * \brief Q.2971 Endpoint state information element (0x55): the state of the
 *        party an Endpoint reference names, as its sender sees it. STATUS
 *        carries it with the Endpoint reference for a multipoint call.
 *
 * Contents: one octet, two spare bits (0) and the 6-bit party state value
 * (Q2971PartyState). It has no inline slot in Q2931Header (GetOtherIe /
 * SetOtherIe): only multipoint calls' STATUS messages carry it.
 */
class EndpointStateIe
{
  public:
    static constexpr uint8_t IDENTIFIER = 0x55; //!< information element identifier

    /// The null state.
    EndpointStateIe();

    /// \param value the party state
    explicit EndpointStateIe(Q2971PartyState value);

    /// \return bytes of contents (after the 4-byte IE header): 1
    uint16_t GetContentsSize() const;

    /// \param i where to write the contents; advanced past them
    void SerializeContents(Buffer::Iterator& i) const;

    /**
     * \param i where the contents begin; advanced by exactly \p length on success
     * \param length the length field of the IE (the caller guarantees that many bytes)
     * \return false when the contents are malformed: a length other than 1,
     *         or a value that names no party state
     */
    bool DeserializeContents(Buffer::Iterator& i, uint16_t length);

    /// \param os where to print e.g. "endpoint-state=10"
    void Print(std::ostream& os) const;

    /// \param value a 6-bit party state value \return true when it names a state
    static bool IsValid(uint8_t value);

    /// \return true when every field is equal
    bool operator==(const EndpointStateIe& other) const;
    /// \return true when some field differs
    bool operator!=(const EndpointStateIe& other) const;

    Q2971PartyState state; //!< the party state
};

/**
 * \ingroup condis
 * \brief Prints an information element as its Print() method does.
 * \param os the stream
 * \param ie an information element
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const EndpointStateIe& ie);

} // namespace ns3

#endif /* Q2971_ENDPOINT_STATE_IE_H */
