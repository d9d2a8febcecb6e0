/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "co-status.h"

#include <sstream>

namespace ns3
{

CoStatus
CoStatus::FromCause(uint8_t cause)
{
    switch (cause)
    {
    case Q2931Cause::UNALLOCATED_NUMBER:
        return CoStatus(CoStatusCode::InvalidAddress, cause);
    case Q2931Cause::NO_ROUTE_TO_DESTINATION:
        return CoStatus(CoStatusCode::NoRouteToDestination, cause);
    case Q2931Cause::USER_BUSY:
    case Q2931Cause::NO_ANSWER_FROM_USER: // alerted, the called user never answered
    case Q2931Cause::CALL_REJECTED:
    case Q2931Cause::INCOMPATIBLE_DESTINATION:
        return CoStatus(CoStatusCode::NotAccepted, cause);
    case Q2931Cause::NO_USER_RESPONDING:
    case Q2931Cause::DESTINATION_OUT_OF_ORDER:
        return CoStatus(CoStatusCode::DestinationOutOfOrder, cause);
    case Q2931Cause::VPCI_VCI_NOT_AVAILABLE:
    case Q2931Cause::NO_VPCI_VCI_AVAILABLE:
        return CoStatus(CoStatusCode::VcNotAvailable, cause);
    case Q2931Cause::USER_CELL_RATE_NOT_AVAILABLE:
        return CoStatus(CoStatusCode::CellRateNotAvailable, cause);
    case Q2931Cause::RESOURCES_UNAVAILABLE:
        return CoStatus(CoStatusCode::Resources, cause);
    case Q2931Cause::QOS_UNAVAILABLE:
        return CoStatus(CoStatusCode::IncompatibleQos, cause);
    case Q2931Cause::AAL_PARAMETERS_NOT_SUPPORTED:
        return CoStatus(CoStatusCode::AalParametersUnsupported, cause);
    default:
        return CoStatus(CoStatusCode::Failure, cause);
    }
}

std::string
CoStatus::ToString() const
{
    std::ostringstream os;
    os << *this;
    return os.str();
}

const char*
GetCoStatusCodeName(CoStatusCode code)
{
    switch (code)
    {
    case CoStatusCode::Success:
        return "Success";
    case CoStatusCode::Pending:
        return "Pending";
    case CoStatusCode::Failure:
        return "Failure";
    case CoStatusCode::Resources:
        return "Resources";
    case CoStatusCode::InvalidData:
        return "InvalidData";
    case CoStatusCode::InvalidState:
        return "InvalidState";
    case CoStatusCode::NotSupported:
        return "NotSupported";
    case CoStatusCode::NotAccepted:
        return "NotAccepted";
    case CoStatusCode::InvalidAddress:
        return "InvalidAddress";
    case CoStatusCode::NoRouteToDestination:
        return "NoRouteToDestination";
    case CoStatusCode::DestinationOutOfOrder:
        return "DestinationOutOfOrder";
    case CoStatusCode::CellRateNotAvailable:
        return "CellRateNotAvailable";
    case CoStatusCode::IncompatibleQos:
        return "IncompatibleQos";
    case CoStatusCode::VcNotActivated:
        return "VcNotActivated";
    case CoStatusCode::VcNotAvailable:
        return "VcNotAvailable";
    case CoStatusCode::AalParametersUnsupported:
        return "AalParametersUnsupported";
    }
    return "Unknown";
}

std::string
Q2931Cause::GetName(uint8_t cause)
{
    switch (cause)
    {
    case UNALLOCATED_NUMBER:
        return "unallocated (unassigned) number";
    case NO_ROUTE_TO_DESTINATION:
        return "no route to destination";
    case NORMAL_CLEARING:
        return "normal call clearing";
    case USER_BUSY:
        return "user busy";
    case NO_USER_RESPONDING:
        return "no user responding";
    case NO_ANSWER_FROM_USER:
        return "no answer from user (user alerted)";
    case CALL_REJECTED:
        return "call rejected";
    case DESTINATION_OUT_OF_ORDER:
        return "destination out of order";
    case RESPONSE_TO_STATUS_ENQUIRY:
        return "response to STATUS ENQUIRY";
    case NORMAL_UNSPECIFIED:
        return "normal, unspecified";
    case VPCI_VCI_NOT_AVAILABLE:
        return "requested VPCI/VCI not available";
    case USER_CELL_RATE_NOT_AVAILABLE:
        return "user cell rate not available";
    case NETWORK_OUT_OF_ORDER:
        return "network out of order";
    case TEMPORARY_FAILURE:
        return "temporary failure";
    case NO_VPCI_VCI_AVAILABLE:
        return "no VPCI/VCI available";
    case RESOURCES_UNAVAILABLE:
        return "resources unavailable, unspecified";
    case QOS_UNAVAILABLE:
        return "quality of service unavailable";
    case BEARER_CAPABILITY_NOT_IMPLEMENTED:
        return "bearer capability not implemented";
    case UNSUPPORTED_TRAFFIC_PARAMETERS:
        return "unsupported combination of traffic parameters";
    case INVALID_CALL_REFERENCE:
        return "invalid call reference value";
    case INCOMPATIBLE_DESTINATION:
        return "incompatible destination";
    case INVALID_ENDPOINT_REFERENCE:
        return "invalid endpoint reference";
    case TOO_MANY_ADD_PARTY_REQUESTS:
        return "too many pending add party requests";
    case AAL_PARAMETERS_NOT_SUPPORTED:
        return "AAL parameters cannot be supported";
    case MANDATORY_IE_MISSING:
        return "mandatory information element is missing";
    case MESSAGE_TYPE_NON_EXISTENT:
        return "message type non-existent or not implemented";
    case IE_NON_EXISTENT:
        return "information element non-existent or not implemented";
    case INVALID_IE_CONTENTS:
        return "invalid information element contents";
    case MESSAGE_NOT_COMPATIBLE_WITH_STATE:
        return "message not compatible with call state";
    case RECOVERY_ON_TIMER_EXPIRY:
        return "recovery on timer expiry";
    case PROTOCOL_ERROR:
        return "protocol error, unspecified";
    default:
        return "cause " + std::to_string(cause);
    }
}

std::ostream&
operator<<(std::ostream& os, CoStatusCode code)
{
    return os << GetCoStatusCodeName(code);
}

std::ostream&
operator<<(std::ostream& os, const CoStatus& status)
{
    os << status.GetCode();
    if (status.GetCause() != 0)
    {
        os << " (cause " << unsigned(status.GetCause()) << ": "
           << Q2931Cause::GetName(status.GetCause()) << ")";
    }
    return os;
}

} // namespace ns3
