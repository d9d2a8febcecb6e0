/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * condis-bench --multipoint: what a party costs next to a point-to-point call
 * over the same path, and a tree of many leaves joining and leaving.
 *
 * The root's client does the same work twice on one network: once as
 * point-to-point calls, one to each leaf (set up one after another and held,
 * then released one after another), once as one point-to-multipoint call
 * (made with the first leaf, the others added one after another, then
 * dropped one after another and the call closed with the first). Each phase
 * is a run of its own, so a setup is timed against an add, and a release
 * against a drop, on the same switches, links and leaves. The heap grown
 * while the calls or parties are held gives the memory per call or party
 * per hop.
 */

#include "condis-bench.h"

#include "ns3/co-topology-helper.h"
#include "ns3/co-topology.h"
#include "ns3/network-module.h"

#include <iomanip>
#include <memory>
#include <sstream>

namespace condisbench
{
namespace
{

/**
 * The root's client. Each of its four walks does one thing to every leaf in
 * turn, the next when the last has completed: SetupEach and ReleaseEach with
 * point-to-point calls, AddEach and DropEach with the parties of one
 * multipoint call.
 */
class Root
{
  public:
    /**
     * \param device the root's NIC
     * \param leaves the leaves' addresses
     */
    Root(Ptr<CoNetDevice> device, std::vector<AesaAddress> leaves)
        : m_device(device),
          m_leaves(std::move(leaves))
    {
        CoClientHandlers h;
        h.makeCallComplete = MakeCallback(&Root::MakeCallComplete, this);
        h.closeCallComplete = MakeCallback(&Root::CloseCallComplete, this);
        h.incomingCloseCall = MakeCallback(&Root::Unexpected, this);
        h.addPartyComplete = MakeCallback(&Root::AddPartyComplete, this);
        h.dropPartyComplete = MakeCallback(&Root::DropPartyComplete, this);
        h.incomingDropParty = MakeCallback(&Root::UnexpectedDrop, this);
        m_client = device->OpenAddressFamily(h);
    }

    /// Point to point: a call to each leaf, held.
    void SetupEach()
    {
        m_next = 0;
        m_vcs.clear();
        SetupNext();
    }

    /// Point to point: closes the held calls one after another.
    void ReleaseEach()
    {
        m_next = 0;
        ReleaseNext();
    }

    /// Multipoint: makes the call with the first leaf (only).
    void MakeMultipointCall()
    {
        m_parties.assign(m_leaves.size(), CoPartyHandle());
        m_vc = CoVcHandle();
        if (!m_device->CreateVc(m_client, m_vc).IsSuccess() ||
            !m_device->MakeCall(m_vc, Parameters(0), m_parties[0]).IsPending())
        {
            ++failed;
        }
    }

    /// Multipoint: adds every other leaf, one after another.
    void AddEach()
    {
        m_next = 1;
        AddNext();
    }

    /// Multipoint: drops every party but the first, last added first, then
    /// closes the call with the first.
    void DropEach()
    {
        m_next = m_leaves.size() - 1;
        DropNext();
    }

    uint64_t connected = 0; //!< point-to-point calls and multipoint calls connected
    uint64_t released = 0;  //!< calls whose close completed
    uint64_t added = 0;     //!< parties added
    uint64_t dropped = 0;   //!< parties whose drop completed
    uint64_t failed = 0;    //!< anything that went wrong

  private:
    /// \return the parameters of a call or party to leaf \p i: one way, CBR
    CoCallParameters Parameters(std::size_t i) const
    {
        CoCallParameters p = BenchCall();
        p.backward = CoFlowSpec(); // Q.2971: nothing flows back to the root
        p.backward.maxSduSize = 1;
        p.calledParty = m_leaves[i];
        return p;
    }

    void SetupNext()
    {
        if (m_next == m_leaves.size())
        {
            return;
        }
        CoVcHandle vc;
        CoCallParameters p = BenchCall();
        p.calledParty = m_leaves[m_next++];
        if (!m_device->CreateVc(m_client, vc).IsSuccess() || !m_device->MakeCall(vc, p).IsPending())
        {
            ++failed;
        }
    }

    void ReleaseNext()
    {
        if (m_next == m_vcs.size())
        {
            return;
        }
        if (!m_device->CloseCall(m_vcs[m_next++]).IsPending())
        {
            ++failed;
        }
    }

    void AddNext()
    {
        if (m_next == m_leaves.size())
        {
            return;
        }
        std::size_t i = m_next++;
        if (!m_device->AddParty(m_vc, Parameters(i), m_parties[i]).IsPending())
        {
            ++failed;
        }
    }

    void DropNext()
    {
        if (m_next == 0)
        {
            if (!m_device->CloseCall(m_vc, m_parties[0]).IsPending())
            {
                ++failed;
            }
            return;
        }
        if (!m_device->DropParty(m_parties[m_next--]).IsPending())
        {
            ++failed;
        }
    }

    void MakeCallComplete(CoStatus status, CoVcHandle vc, const CoCallParameters&)
    {
        if (!status.IsSuccess())
        {
            ++failed;
            return;
        }
        ++connected;
        if (vc != m_vc)
        {
            m_vcs.push_back(vc);
            SetupNext();
        }
    }

    void CloseCallComplete(CoStatus status, CoVcHandle vc)
    {
        ++(status.IsSuccess() ? released : failed);
        m_device->DeleteVc(vc);
        if (vc != m_vc)
        {
            ReleaseNext();
        }
    }

    void AddPartyComplete(CoStatus status, CoPartyHandle, const CoCallParameters&)
    {
        ++(status.IsSuccess() ? added : failed);
        AddNext();
    }

    void DropPartyComplete(CoStatus status, CoPartyHandle)
    {
        ++(status.IsSuccess() ? dropped : failed);
        DropNext();
    }

    void Unexpected(CoStatus, CoVcHandle vc)
    {
        ++failed; // the network never releases a call here
        m_device->CloseCall(vc);
    }

    void UnexpectedDrop(CoStatus, CoPartyHandle party)
    {
        ++failed; // nor drops a party
        m_device->DropParty(party);
    }

    Ptr<CoNetDevice> m_device;            //!< the NIC
    CoClientHandle m_client;              //!< our address family
    std::vector<AesaAddress> m_leaves;    //!< whom to call or add
    std::vector<CoVcHandle> m_vcs;        //!< point-to-point calls held
    CoVcHandle m_vc;                      //!< the multipoint call
    std::vector<CoPartyHandle> m_parties; //!< its parties, by leaf
    std::size_t m_next = 0;               //!< the walk's next leaf
};

/**
 * A root on switch 0 of a topology and leaves on the given switches, with
 * every message counted.
 */
class PartyNetwork
{
  public:
    /**
     * \param topology the switches
     * \param leafSwitches the switch of each leaf
     */
    PartyNetwork(const CoTopology& topology, const std::vector<uint32_t>& leafSwitches)
    {
        co.SetChannelAttribute("DataRate", StringValue(LINK_RATE));
        co.SetChannelAttribute("Delay", StringValue(LINK_DELAY));
        co.SetDeviceAttribute("MaxVcs", UintegerValue(leafSwitches.size() + 16));
        topo.Build(topology);
        root = topo.AttachHost(CreateObject<Node>(), 0);
        std::vector<AesaAddress> addresses;
        for (uint32_t v : leafSwitches)
        {
            Ptr<CoNetDevice> d = topo.AttachHost(CreateObject<Node>(), v);
            leafDevices.push_back(d);
            leaves.push_back(std::make_unique<Callee>(d));
            addresses.push_back(d->GetAesa());
            counter.Watch(d);
        }
        topo.InstallRoutes();
        counter.Watch(root);
        for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
        {
            counter.Watch(topo.GetSwitch(v));
        }
        client = std::make_unique<Root>(root, addresses);
    }

    /// \return whether every leaf registered its SAP
    bool AllRegistered() const
    {
        for (const auto& l : leaves)
        {
            if (!l->registered)
            {
                return false;
            }
        }
        return true;
    }

    /// \return branches held by all the switches
    std::size_t Branches() const
    {
        std::size_t n = 0;
        for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
        {
            n += topo.GetSwitch(v)->GetBranchCount();
        }
        return n;
    }

    /// \return calls, parties and branches held by the switches and the root
    std::size_t Held() const
    {
        std::size_t n =
            root->GetVcCount() + root->GetPartyHandleCount() + root->GetCallReferenceCount();
        for (uint32_t v = 0; v < topo.GetNSwitches(); ++v)
        {
            Ptr<CoSwitch> sw = topo.GetSwitch(v);
            n += sw->GetCallCount() + sw->GetCrossConnectCount() + sw->GetPartyCount() +
                 sw->GetMultipointCallCount() + sw->GetBranchCount();
        }
        for (const Ptr<CoNetDevice>& d : leafDevices)
        {
            n += d->GetVcCount() + d->GetCallReferenceCount();
        }
        return n;
    }

    /// \return the rule violations counted on every host
    uint64_t Violations() const
    {
        uint64_t n = 0;
        root->EndOfRun();
        n += root->GetRuleChecker().GetViolationCount();
        for (const Ptr<CoNetDevice>& d : leafDevices)
        {
            d->EndOfRun();
            n += d->GetRuleChecker().GetViolationCount();
        }
        return n;
    }

    CoHelper co;                                 //!< makes the parts
    CoTopologyHelper topo{co};                   //!< builds the network
    Ptr<CoNetDevice> root;                       //!< the root's NIC
    std::vector<Ptr<CoNetDevice>> leafDevices;   //!< the leaves' NICs
    std::vector<std::unique_ptr<Callee>> leaves; //!< their clients
    std::unique_ptr<Root> client;                //!< the root's client
    MessageCounter counter;                      //!< every message, by type
};

/// What one network measured, phase by phase.
struct PartyRun
{
    Sample setup;               //!< point-to-point setups (units: calls)
    Sample release;             //!< their releases
    Sample add;                 //!< party adds (units: parties)
    Sample drop;                //!< party drops
    uint64_t setupMessages = 0; //!< messages the setups sent
    uint64_t addMessages = 0;   //!< messages the adds sent
    int64_t callHeap = 0;       //!< heap grown while the calls were held
    int64_t partyHeap = 0;      //!< heap grown by the call with every party
    std::size_t branches = 0;   //!< branches with every party active
};

/// Runs a phase: \p start at time now, timed to the end.
template <typename F>
Sample
Phase(F start, uint64_t units)
{
    Simulator::ScheduleNow(start);
    RunStats r = TimedRun();
    return Sample{units, r.seconds, r.events, r.cpuSeconds};
}

/**
 * \param topology the switches
 * \param leafSwitches the switch of each leaf
 * \param name for the checks' messages
 * \return the four phases on the network
 */
PartyRun
Parties(const CoTopology& topology,
        const std::vector<uint32_t>& leafSwitches,
        const std::string& name,
        Checks& checks)
{
    PartyNetwork net(topology, leafSwitches);
    Root& root = *net.client;
    const uint64_t n = leafSwitches.size();
    checks.Expect(net.AllRegistered(), name + ": every leaf registered its SAP");
    Simulator::Run(); // the nodes' initialization: not timed

    PartyRun r;
    uint64_t heap = HeapInUse();
    uint64_t sent = net.counter.GetSent();
    r.setup = Phase([&root]() { root.SetupEach(); }, n);
    r.callHeap = int64_t(HeapInUse()) - int64_t(heap);
    r.setupMessages = net.counter.GetSent() - sent;
    r.release = Phase([&root]() { root.ReleaseEach(); }, n);
    checks.Expect(root.connected == n && root.released == n && root.failed == 0 && net.Held() == 0,
                  name + ": every point-to-point call connected and released");

    heap = HeapInUse();
    Simulator::ScheduleNow(&Root::MakeMultipointCall, &root);
    Simulator::Run();
    checks.Expect(root.connected == n + 1, name + ": the multipoint call connected");
    sent = net.counter.GetSent();
    r.add = Phase([&root]() { root.AddEach(); }, n - 1);
    r.partyHeap = int64_t(HeapInUse()) - int64_t(heap);
    r.addMessages = net.counter.GetSent() - sent;
    r.branches = net.Branches();
    r.drop = Phase([&root]() { root.DropEach(); }, n - 1);
    auto count = [&net](Q2931MessageType t) { return net.counter.sent[uint8_t(t)]; };
    std::ostringstream os;
    os << name << ": " << n - 1 << " parties added and dropped, the call closed (added "
       << root.added << ", dropped " << root.dropped << ", failed " << root.failed << ", held "
       << net.Held() << ", ADD PARTY " << count(Q2931MessageType::AddParty)
       << ", ADD PARTY ACKNOWLEDGE " << count(Q2931MessageType::AddPartyAcknowledge)
       << ", DROP PARTY " << count(Q2931MessageType::DropParty) << ", DROP PARTY ACKNOWLEDGE "
       << count(Q2931MessageType::DropPartyAcknowledge) << ")";
    checks.Expect(
        root.added == n - 1 && root.dropped == n - 1 && root.released == n + 1 &&
            root.failed == 0 && net.Held() == 0 &&
            count(Q2931MessageType::AddParty) == count(Q2931MessageType::AddPartyAcknowledge) &&
            count(Q2931MessageType::DropParty) == count(Q2931MessageType::DropPartyAcknowledge) &&
            count(Q2931MessageType::AddParty) >= n - 1 &&
            count(Q2931MessageType::AddPartyReject) == 0,
        os.str());
    uint64_t offered = 0;
    for (const auto& l : net.leaves)
    {
        offered += l->offered;
    }
    checks.Expect(offered == 2 * n, name + ": every leaf was offered a call and a party");
    checks.Expect(net.Violations() == 0, name + ": no rule violation");
    Simulator::Destroy();
    return r;
}

/// Prints one row: a phase's cost per unit, its ratio to \p base and to the P2P hop.
void
Row(const std::string& what, const Figure& f, double base, double p2pNs)
{
    std::cout << "  " << std::left << std::setw(34) << what << std::right << std::fixed
              << std::setw(10) << std::setprecision(0) << f.nsPerUnit << std::setw(9)
              << std::setprecision(2) << f.nsPerUnit / base << std::setw(10) << f.nsPerUnit / p2pNs
              << std::setw(9) << std::setprecision(1) << 100 * f.spread << "%\n"
              << std::defaultfloat;
}

/// Reports one network's phases; \return the add's ratio to the setup
double
Report(const std::string& title,
       const std::string& key,
       const std::vector<PartyRun>& runs,
       uint32_t hops,
       double p2pNs)
{
    auto figure = [&runs](Sample PartyRun::*phase, const char* name) {
        std::vector<Sample> samples;
        for (const PartyRun& r : runs)
        {
            samples.push_back(r.*phase);
        }
        return Summarise(name, name, "unit", samples);
    };
    Figure setup = figure(&PartyRun::setup, "setup");
    Figure release = figure(&PartyRun::release, "release");
    Figure add = figure(&PartyRun::add, "add");
    Figure drop = figure(&PartyRun::drop, "drop");
    const PartyRun& r = runs.front();
    double setupMessages = double(r.setupMessages) / r.setup.units;
    double addMessages = double(r.addMessages) / r.add.units;
    std::cout << title << "\n"
              << "  " << std::left << std::setw(34) << "" << std::right << std::setw(10) << "ns"
              << std::setw(9) << "x setup" << std::setw(10) << "x P2P hop" << std::setw(10)
              << "spread\n";
    Row("point-to-point setup", setup, setup.nsPerUnit, p2pNs);
    Row("party add (ADD PARTY)", add, setup.nsPerUnit, p2pNs);
    Row("point-to-point release", release, release.nsPerUnit, p2pNs);
    Row("party drop (DROP PARTY)", drop, release.nsPerUnit, p2pNs);
    double callBytes = double(r.callHeap) / r.setup.units / hops;
    double partyBytes = double(r.partyHeap) / r.add.units / hops;
    std::cout << std::fixed << std::setprecision(1) << "  messages: " << setupMessages
              << " per setup, " << addMessages << " per add; per message: setup "
              << std::setprecision(0) << setup.nsPerUnit / setupMessages << " ns, add "
              << add.nsPerUnit / addMessages << " ns\n"
              << std::setprecision(1) << "  memory per hop (" << hops
              << " hops): a held point-to-point call " << callBytes << " bytes, a party "
              << partyBytes << " bytes; " << r.branches << " branches with every party active\n"
              << std::defaultfloat;
    Bench(key + "_setup", setup.nsPerUnit, "ns/call");
    Bench(key + "_add", add.nsPerUnit, "ns/party");
    Bench(key + "_add_ratio", add.nsPerUnit / setup.nsPerUnit, "x_setup");
    Bench(key + "_drop_ratio", drop.nsPerUnit / release.nsPerUnit, "x_release");
    Bench(key + "_add_p2p_ratio", add.nsPerUnit / p2pNs, "x_p2p_hop");
    Bench(key + "_memory_call_hop", callBytes, "bytes");
    Bench(key + "_memory_party_hop", partyBytes, "bytes");
    return add.nsPerUnit / setup.nsPerUnit;
}

} // namespace

int
MultipointMain(const MultipointConfig& config,
               uint32_t repeat,
               uint64_t packets,
               uint32_t window,
               Checks& checks)
{
    // The same path: every leaf on the last switch of a line.
    CoTopology line = CoTopologyGenerator::Line(config.switches);
    std::vector<uint32_t> lineLeaves(config.leaves, config.switches - 1);
    // The tree: leaves spread over the lowest switches in turn.
    CoTopology tree = CoTopologyGenerator::Tree(config.depth, config.fanout);
    uint32_t lowest = 1;
    for (uint32_t d = 0; d < config.depth; ++d)
    {
        lowest *= config.fanout;
    }
    uint32_t first = boost::num_vertices(tree) - lowest;
    std::vector<uint32_t> treeLeaves;
    for (uint32_t i = 0; i < config.treeLeaves; ++i)
    {
        treeLeaves.push_back(first + i % lowest);
    }

    std::vector<Sample> p2p;
    std::vector<PartyRun> lineRuns;
    std::vector<PartyRun> treeRuns;
    for (uint32_t r = 0; r < repeat; ++r)
    {
        p2p.push_back(P2pHops(packets, window, checks));
        lineRuns.push_back(Parties(line, lineLeaves, "same path", checks));
        treeRuns.push_back(Parties(tree, treeLeaves, "tree", checks));
    }
    Figure hop = Summarise("P2P packet hop", "p2p_hop", "hop", p2p);
    std::cout << "P2P packet hop: " << std::fixed << std::setprecision(0) << hop.nsPerUnit
              << " ns\n\n"
              << std::defaultfloat;
    std::ostringstream title;
    title << "same path: " << config.switches << " switches in a line, " << config.leaves
          << " leaves on the last; one at a time";
    double ratio = Report(title.str(), "mp_path", lineRuns, config.switches + 1, hop.nsPerUnit);
    std::cout << "\n";
    title.str("");
    title << "tree: depth " << config.depth << ", fanout " << config.fanout << " ("
          << boost::num_vertices(tree) << " switches), " << config.treeLeaves
          << " leaves on the lowest " << lowest << "; one at a time";
    Report(title.str(), "mp_tree", treeRuns, config.depth + 2, hop.nsPerUnit);
    Bench("p2p_hop", hop.nsPerUnit, "ns/hop");
    std::cout << "\na party add costs " << std::fixed << std::setprecision(2) << ratio
              << "x a point-to-point setup over the same path (goal: at most 1.2x)\n"
              << std::defaultfloat;
    return checks.Conclude();
}

} // namespace condisbench
