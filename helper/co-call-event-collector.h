/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CO_CALL_EVENT_COLLECTOR_H
#define CO_CALL_EVENT_COLLECTOR_H

#include "ns3/co-net-device.h"
#include "ns3/co-switch.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

/**
 * \ingroup condis
 * \brief One step of a call as a host or a switch saw it: a CoNDIS request
 *        or indication, a Q.2931 message sent or taken up, or a note
 *        (admission, cross-connect, protocol error, rule violation).
 */
struct CoCallEvent
{
    /// What kind of step.
    enum class Kind : uint8_t
    {
        Request,    //!< a client asked its call manager (MakeCall, CloseCall, AddParty...)
        Indication, //!< the call manager told its client (completions, IncomingCall...)
        MessageTx,  //!< a signalling message sent
        MessageRx,  //!< a signalling message taken up
        Note,       //!< what a switch or host decided or detected
    };

    Time time;              //!< when
    uint32_t element = 0;   //!< who: an index into CoCallEventCollector::GetElements()
    Kind kind = Kind::Note; //!< what kind of step
    std::string marker;     //!< the ladder's three columns: "-> ", "<- ", "!! " or blanks
    std::string text;       //!< the ladder's text of the step
    uint64_t callId = 0;    //!< the call's network-wide name (CoCallTag); 0: none known
    bool failure = false;   //!< a failure, refusal or rule violation (drawn in red)
    std::string label;      //!< messages: the name and key IEs, short
    int32_t peer = -1;      //!< messages: the element at the link's other end (-1: none)
    int64_t pair = -1;      //!< messages: the other end's event (Tx <-> Rx), -1: none
};

/**
 * \ingroup condis
 * \brief Listens to the trace sources of hosts and switches and turns what
 *        they report into CoCallEvent steps, each told to which call it
 *        belongs: the one collection behind CoCallLadder (text) and
 *        CoSequenceChart (SVG).
 *
 * Only SETUP carries the network-wide call id (CoCallTag) on the wire; the
 * other messages of a call carry its call reference, which is local to one
 * link. So the collector learns, for every link, which call reference (and
 * which side allocated it) names which call when a SETUP crosses it, and
 * finds the call of later messages from that. A SETUP's own call is the one
 * the host just placed (MakeCall) or the switch just routed (CallRouted).
 * A step that names no call (an admission decision, a cross-connect, an
 * AddParty request) takes the call of the message its element handles at
 * the same instant, before or after it.
 */
class CoCallEventCollector
{
  public:
    /// Who an event happened at.
    struct Element
    {
        std::string name;  //!< as given to Watch()
        bool host = false; //!< a host's NIC (else a switch)
        uint32_t node = 0; //!< its node's id
    };

    /// Told of every step as it happens (its index is its place in GetEvents()).
    using Sink = std::function<void(const CoCallEvent& event)>;

    CoCallEventCollector();
    ~CoCallEventCollector();
    CoCallEventCollector(const CoCallEventCollector&) = delete;
    CoCallEventCollector& operator=(const CoCallEventCollector&) = delete;

    /**
     * \param keep whether to keep the events for GetEvents() (on by
     *        default; CoCallLadder only prints them)
     */
    void SetKeep(bool keep);

    /// \param sink told of each step as it happens
    void SetSink(Sink sink);

    /**
     * \brief Follows a host: its client-interface events and its signalling.
     * \param device the host's NIC
     * \param name how the host is called
     */
    void Watch(Ptr<CoNetDevice> device, const std::string& name);

    /**
     * \brief Follows a switch: its signalling, admission and cross-connects.
     * \param sw the switch
     * \param name how the switch is called
     */
    void Watch(Ptr<CoSwitch> sw, const std::string& name);

    /// \return the watched hosts and switches, in the order watched
    const std::vector<Element>& GetElements() const;

    /// \return the steps kept, in the order they happened
    const std::vector<CoCallEvent>& GetEvents() const;

    /**
     * \param name a watched element's name
     * \return its index in GetElements(), or -1
     */
    int32_t FindElement(const std::string& name) const;

  private:
    /// Where a call reference lives: a link, and the device that allocated it.
    using ReferenceKey = std::tuple<const Channel*, uint32_t, const NetDevice*>;
    /// A message in flight: link, sender, type, call reference and flag.
    using FlightKey = std::tuple<const Channel*, const NetDevice*, uint8_t, uint32_t, bool>;

    /// What an element is doing now, for steps that name no call.
    struct Context
    {
        Time at = Time(-1);               //!< when it last handled a call's step
        uint64_t callId = 0;              //!< that call
        uint64_t setupFor = 0;            //!< the call of the SETUP it is about to send
        std::vector<std::size_t> waiting; //!< kept steps of now still without a call
    };

    /// Records a step; fills in its call from the context when it has none.
    void Add(CoCallEvent event);
    /// The element's context at this instant (a stale one is cleared first).
    Context& ContextOf(uint32_t element);

    uint64_t CallOfVc(CoNetDevice* device, CoVcHandle vc);
    void Message(uint32_t element,
                 const NetDevice* device,
                 bool tx,
                 const Q2931Header& m,
                 const std::string& where);

    // Trace sinks (the element's index bound first).
    void VcEvent(uint32_t e,
                 CoNetDevice* d,
                 std::string what,
                 CoCallEvent::Kind kind,
                 CoVcHandle vc);
    void VcStatus(uint32_t e, CoNetDevice* d, std::string what, CoVcHandle vc, CoStatus status);
    void VcParameters(uint32_t e,
                      CoNetDevice* d,
                      std::string what,
                      CoCallEvent::Kind kind,
                      CoVcHandle vc,
                      const CoCallParameters& p);
    void VcStatusParameters(uint32_t e,
                            CoNetDevice* d,
                            std::string what,
                            CoVcHandle vc,
                            CoStatus status,
                            const CoCallParameters& p);
    void SapStatus(uint32_t e, CoSapHandle sap, CoStatus status);
    void PartyEvent(uint32_t e, std::string what, CoCallEvent::Kind kind, CoPartyHandle party);
    void PartyStatus(uint32_t e, std::string what, CoPartyHandle party, CoStatus status);
    void PartyParameters(uint32_t e, CoPartyHandle party, const CoCallParameters& p);
    void PartyStatusParameters(uint32_t e,
                               CoPartyHandle party,
                               CoStatus status,
                               const CoCallParameters& p);
    void HostTx(uint32_t e, CoNetDevice* d, const Q2931Header& message);
    void HostRx(uint32_t e, CoNetDevice* d, const Q2931Header& message);
    void SwitchTx(uint32_t e, CoSwitch* sw, uint32_t port, const Q2931Header& message);
    void SwitchRx(uint32_t e, CoSwitch* sw, uint32_t port, const Q2931Header& message);
    void Routed(uint32_t e, uint64_t callId, uint32_t in, uint32_t out);
    void Crankback(uint32_t e, uint64_t callId, uint32_t port, uint8_t cause);
    void Admission(uint32_t e, uint32_t in, uint32_t out, const CoCallParameters& p, uint8_t cause);
    void CrossConnect(uint32_t e,
                      std::string what,
                      uint32_t inPort,
                      uint16_t inVci,
                      uint32_t outPort,
                      uint16_t outVci);
    void Violation(uint32_t e, CoRule rule, const std::string& detail);
    void ProtocolError(uint32_t e, const Q2931Header& message, uint8_t cause);
    void PortProtocolError(uint32_t e, uint32_t port, const Q2931Header& m, uint8_t cause);

    bool m_keep = true;                                             //!< keep the events
    Sink m_sink;                                                    //!< told of each one
    std::vector<Element> m_elements;                                //!< watched
    std::map<uint32_t, uint32_t> m_elementOfNode;                   //!< node id -> element
    std::vector<Context> m_contexts;                                //!< per element
    std::vector<CoCallEvent> m_events;                              //!< kept
    std::map<ReferenceKey, uint64_t> m_calls;                       //!< call reference -> call id
    std::map<std::pair<const void*, uint32_t>, uint64_t> m_vcCalls; //!< (NIC, VC) -> call id
    std::map<FlightKey, std::deque<std::size_t>> m_inFlight; //!< kept Tx events not yet taken up
};

} // namespace ns3

#endif /* CO_CALL_EVENT_COLLECTOR_H */
