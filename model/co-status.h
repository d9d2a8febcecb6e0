/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_STATUS_H
#define CO_STATUS_H

#include <cstdint>
#include <ostream>
#include <string>

/**
 * \defgroup condis Connection-oriented networking (CoNDIS call manager, ATM-like switches)
 *
 * A NIC with an integrated call manager that follows the Windows CoNDIS
 * miniport-call-manager contract, attached to ATM-like switches that run
 * Q.2931-style signalling hop by hop.
 */

namespace ns3
{

/**
 * \ingroup condis
 * \brief The completion codes of the CoNDIS interface, after NDIS_STATUS_XXX.
 */
enum class CoStatusCode : uint8_t
{
    Success,                  //!< the request succeeded
    Pending,                  //!< the request will complete later, exactly once
    Failure,                  //!< unspecified failure
    Resources,                //!< out of resources (VCs, call references, bandwidth)
    InvalidData,              //!< malformed or conflicting request (e.g. a SAP already held)
    InvalidState,             //!< request not allowed in the current state of the VC or SAP
    NotSupported,             //!< request the model does not implement
    NotAccepted,              //!< the called party rejected the call
    InvalidAddress,           //!< the called party number does not exist
    NoRouteToDestination,     //!< no route to the called party
    DestinationOutOfOrder,    //!< the called party does not answer
    CellRateNotAvailable,     //!< admission control refused the traffic contract
    IncompatibleQos,          //!< the QoS class cannot be provided
    VcNotActivated,           //!< data on a VC that is not active
    VcNotAvailable,           //!< no VPI/VCI could be allocated
    AalParametersUnsupported, //!< the AAL parameters cannot be supported
};

/**
 * \ingroup condis
 * \brief A completion status: an NDIS-like code, and on failures the Q.2931
 *        cause value (ITU-T Q.2610) that the network gave for it.
 */
class CoStatus
{
  public:
    /**
     * \param code the completion code
     * \param cause the Q.2931 cause value, 0 when there is none
     */
    constexpr CoStatus(CoStatusCode code = CoStatusCode::Success, uint8_t cause = 0)
        : m_code(code),
          m_cause(cause)
    {
    }

    /**
     * \brief The status a failed call completes with, given the network's cause.
     * \param cause a Q.2931 cause value (1..127)
     * \return the matching status, carrying the cause
     */
    static CoStatus FromCause(uint8_t cause);

    /// \return the completion code
    CoStatusCode GetCode() const
    {
        return m_code;
    }

    /// \return the Q.2931 cause value, 0 when there is none
    uint8_t GetCause() const
    {
        return m_cause;
    }

    /// \return true for Success
    bool IsSuccess() const
    {
        return m_code == CoStatusCode::Success;
    }

    /// \return true for Pending
    bool IsPending() const
    {
        return m_code == CoStatusCode::Pending;
    }

    /// \return e.g. "CellRateNotAvailable (cause 37: user cell rate not available)"
    std::string ToString() const;

    /// \return true when code and cause are equal
    bool operator==(const CoStatus& other) const
    {
        return m_code == other.m_code && m_cause == other.m_cause;
    }

    /// \return true when code or cause differ
    bool operator!=(const CoStatus& other) const
    {
        return !(*this == other);
    }

  private:
    CoStatusCode m_code; //!< completion code
    uint8_t m_cause;     //!< Q.2931 cause value, or 0
};

/**
 * \ingroup condis
 * \brief Q.2931 cause values (ITU-T Q.2610) used by the model.
 */
namespace Q2931Cause
{
constexpr uint8_t UNALLOCATED_NUMBER = 1;
constexpr uint8_t NO_ROUTE_TO_DESTINATION = 3;
constexpr uint8_t NORMAL_CLEARING = 16;
constexpr uint8_t USER_BUSY = 17;
constexpr uint8_t NO_USER_RESPONDING = 18;
constexpr uint8_t NO_ANSWER_FROM_USER = 19; //!< no answer from user (user alerted)
constexpr uint8_t CALL_REJECTED = 21;
constexpr uint8_t DESTINATION_OUT_OF_ORDER = 27;
constexpr uint8_t RESPONSE_TO_STATUS_ENQUIRY = 30;
constexpr uint8_t NORMAL_UNSPECIFIED = 31;
constexpr uint8_t VPCI_VCI_NOT_AVAILABLE = 35;
constexpr uint8_t USER_CELL_RATE_NOT_AVAILABLE = 37;
constexpr uint8_t NETWORK_OUT_OF_ORDER = 38;
constexpr uint8_t TEMPORARY_FAILURE = 41;
constexpr uint8_t NO_VPCI_VCI_AVAILABLE = 45;
constexpr uint8_t RESOURCES_UNAVAILABLE = 47;
constexpr uint8_t QOS_UNAVAILABLE = 49;
constexpr uint8_t BEARER_CAPABILITY_NOT_IMPLEMENTED = 65;
constexpr uint8_t UNSUPPORTED_TRAFFIC_PARAMETERS = 73;
constexpr uint8_t INVALID_CALL_REFERENCE = 81;
constexpr uint8_t INCOMPATIBLE_DESTINATION = 88;
constexpr uint8_t INVALID_ENDPOINT_REFERENCE = 89;  //!< Q.2971: no such party
constexpr uint8_t TOO_MANY_ADD_PARTY_REQUESTS = 92; //!< Q.2971: too many pending add party requests
constexpr uint8_t AAL_PARAMETERS_NOT_SUPPORTED = 93;
constexpr uint8_t MANDATORY_IE_MISSING = 96;
constexpr uint8_t MESSAGE_TYPE_NON_EXISTENT = 97;
constexpr uint8_t IE_NON_EXISTENT = 99;
constexpr uint8_t INVALID_IE_CONTENTS = 100;
constexpr uint8_t MESSAGE_NOT_COMPATIBLE_WITH_STATE = 101;
constexpr uint8_t RECOVERY_ON_TIMER_EXPIRY = 102;
constexpr uint8_t PROTOCOL_ERROR = 111;

/**
 * \param cause a cause value
 * \return its name in Q.2610, or "cause N" for one the model does not name
 */
std::string GetName(uint8_t cause);
} // namespace Q2931Cause

/**
 * \ingroup condis
 * \param code a completion code
 * \return its name, e.g. "Success"
 */
const char* GetCoStatusCodeName(CoStatusCode code);

std::ostream& operator<<(std::ostream& os, CoStatusCode code);
std::ostream& operator<<(std::ostream& os, const CoStatus& status);

} // namespace ns3

#endif /* CO_STATUS_H */
