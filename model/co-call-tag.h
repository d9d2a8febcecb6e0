/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_CALL_TAG_H
#define CO_CALL_TAG_H

#include "ns3/tag.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup condis
 * \brief Names a call across every hop it crosses: simulation metadata, not
 *        part of Q.2931.
 *
 * Q.2931 call references are local to each interface, so nothing on the wire
 * ties the SETUPs of one call together. The calling NIC gives each call an
 * identifier and tags its SETUP with it; each switch copies the tag onto the
 * SETUP it sends on, so that statistics can follow a call's path.
 */
class CoCallTag : public Tag
{
  public:
    /// \param callId the call's identifier (0: none)
    explicit CoCallTag(uint64_t callId = 0);

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

    /// \return the call's identifier
    uint64_t GetCallId() const
    {
        return m_callId;
    }

  private:
    uint64_t m_callId; //!< the call's identifier
};

} // namespace ns3

#endif /* CO_CALL_TAG_H */
