/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_SAP_SERVER_APPLICATION_H
#define CO_SAP_SERVER_APPLICATION_H

#include "co-call-parameters.h"
#include "co-client-application.h"
#include "co-handle.h"
#include "co-status.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <deque>

namespace ns3
{

/**
 * \ingroup condis
 * \brief A called party: registers a SAP for its NIC's address and answers
 *        the calls offered to it.
 *
 * On start it opens the address family of its CoNetDevice and registers a
 * SAP for the device's AESA (the SapMatchBits leading bits of it), waiting
 * for the completion if the registration pends. Each incoming call is
 * accepted, rejected with RejectCause, or pended and answered AnswerDelay
 * later (accepted or rejected as AcceptAfterPend says); pended answers are
 * given in the order the calls came. Every IncomingCloseCall is answered
 * with CloseCall, as the contract requires; the device deletes the VCs of
 * incoming calls itself. With Echo set, every SDU received on a connected
 * call is sent back on the same VC.
 *
 * On stop the SAP is deregistered: no new calls are offered, and the calls
 * in progress continue to their end.
 */
class CoSapServerApplication : public CoClientApplication
{
  public:
    /// How incoming calls are answered.
    enum class AnswerMode : uint8_t
    {
        Accept, //!< accept at once
        Reject, //!< reject at once, with RejectCause
        Pend,   //!< pend, and answer AnswerDelay later
    };

    /**
     * \brief Get the TypeId.
     * \return the TypeId
     */
    static TypeId GetTypeId();

    CoSapServerApplication();
    ~CoSapServerApplication() override;

    /**
     * \brief Sets how incoming calls are answered (the Answer attribute).
     * \param mode the answer
     */
    void SetAnswer(AnswerMode mode);

    /// \return how incoming calls are answered
    AnswerMode GetAnswer() const;

    /// \return the SAP's handle; invalid before it is registered and after stop
    CoSapHandle GetSap() const;

    /// \return true while the SAP is registered (not pending, not deregistered)
    bool IsSapRegistered() const;

    /// \return the number of calls offered to the SAP
    uint64_t GetOfferedCount() const;

    /// \return the number of calls accepted (at once or after pending)
    uint64_t GetAcceptedCount() const;

    /// \return the number of calls rejected (at once or after pending)
    uint64_t GetRejectedCount() const;

    /// \return the number of accepted calls that became connected
    uint64_t GetConnectedCount() const;

    /// \return the number of calls the network closed (IncomingCloseCall)
    uint64_t GetClosedCount() const;

    /// \return the number of SDUs received
    uint64_t GetRxPackets() const;

    /// \return the number of SDU bytes received
    uint64_t GetRxBytes() const;

    /// \return the number of SDUs sent back (with Echo)
    uint64_t GetEchoedPackets() const;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// \return the Answer attribute as an int, for the attribute system
    int GetAnswerValue() const;
    /// \param mode the Answer attribute as an int, from the attribute system
    ///        (ns-3.41's typed EnumValue<int> converts to no enum setter)
    void SetAnswerValue(int mode);

    /**
     * \brief ProtocolClRegisterSapComplete.
     * \param status the outcome
     * \param sap the SAP
     */
    void OnRegisterSapComplete(CoStatus status, CoSapHandle sap);

    /**
     * \brief ProtocolClIncomingCall: counts the offer and answers it, or pends.
     * \param sap the SAP that matched
     * \param vc the call's VC
     * \param parameters the offered parameters
     * \return Success, a rejection, or Pending
     */
    CoStatus OnIncomingCall(CoSapHandle sap, CoVcHandle vc, CoCallParameters& parameters);

    /**
     * \brief ProtocolClCallConnected.
     * \param vc the call's VC
     */
    void OnCallConnected(CoVcHandle vc);

    /**
     * \brief ProtocolClIncomingCloseCall: answers with CloseCall.
     * \param status why the call was closed
     * \param vc the call's VC
     */
    void OnIncomingCloseCall(CoStatus status, CoVcHandle vc);

    /**
     * \brief ProtocolCoReceiveNetBufferLists: counts, traces, echoes.
     * \param vc the VC
     * \param packet the SDU
     */
    void OnReceive(CoVcHandle vc, Ptr<Packet> packet);

    /// Answers the pended calls that are due, and waits for the next one.
    void AnswerPendedCalls();

    /**
     * \brief The status a call is rejected with.
     * \return the status carrying RejectCause
     */
    CoStatus RejectStatus() const;

    /// A call whose answer is pended.
    struct PendedAnswer
    {
        Time due;      //!< when to answer it
        CoVcHandle vc; //!< its VC
    };

    // Configuration (attributes)
    uint8_t m_sapMatchBits; //!< leading bits of the AESA the SAP matches
    AnswerMode m_answer;    //!< how calls are answered
    Time m_answerDelay;     //!< how long a pended answer takes
    bool m_acceptAfterPend; //!< accept (else reject) pended calls
    uint8_t m_rejectCause;  //!< Q.2931 cause of rejections
    bool m_echo;            //!< send received SDUs back

    // State
    bool m_running = false;            //!< between start and stop
    CoSapHandle m_sap;                 //!< the SAP, while registered or registering
    bool m_sapRegistered = false;      //!< the registration has completed
    std::deque<PendedAnswer> m_pended; //!< pended calls, oldest first
    EventId m_answerEvent;             //!< answers the oldest pended call
    uint64_t m_offered = 0;            //!< calls offered
    uint64_t m_accepted = 0;           //!< calls accepted
    uint64_t m_rejected = 0;           //!< calls rejected
    uint64_t m_connected = 0;          //!< calls connected
    uint64_t m_closed = 0;             //!< calls closed by the network
    uint64_t m_rxPackets = 0;          //!< SDUs received
    uint64_t m_rxBytes = 0;            //!< SDU bytes received
    uint64_t m_echoedPackets = 0;      //!< SDUs sent back

    // Trace sources
    TracedCallback<CoVcHandle, const CoCallParameters&> m_incomingCallTrace; //!< call offered
    TracedCallback<CoVcHandle> m_callConnectedTrace;                         //!< call connected
    TracedCallback<Ptr<const Packet>, CoVcHandle> m_rxTrace;                 //!< SDU received
    TracedCallback<CoVcHandle, CoStatus> m_callClosedTrace;                  //!< call closed
};

} // namespace ns3

#endif /* CO_SAP_SERVER_APPLICATION_H */
