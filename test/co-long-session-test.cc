/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Many runs in one process: a run can be stopped (CoStoppableScheduler; the
 * runner's timeout, SIGINT and RequestStop()) and leaves the simulator
 * ready for the next one, and what a run watched is freed with it (the
 * call recorder holds no NIC in a callback on the NIC's own trace sources).
 */

#include "co-scenario-util.h"
#include "co-test-network.h"

#include "ns3/co-call-recorder.h"
#include "ns3/co-ns3-compat.h"
#include "ns3/co-scenario-runner.h"
#include "ns3/co-stoppable-scheduler.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <signal.h>
#include <sstream>
#include <thread>
#include <unistd.h>

using namespace ns3;
using namespace ns3::condistest;

namespace
{

/// An object that counts its destructions: held by pending events only.
class Counted : public SimpleRefCount<Counted>
{
  public:
    // (Not an Object: ns-3.48 refuses to construct an Object without a TypeId of its own.)
    ~Counted()
    {
        ++destroyed;
    }

    static int destroyed; //!< objects deleted so far
};

int Counted::destroyed = 0;

/// Notes the time it runs at; holds \p held until the event is released.
void
Note(std::vector<double>* times, Ptr<Counted> /* held */)
{
    times->push_back(Simulator::Now().GetSeconds());
}

/// An event that schedules itself again every millisecond, forever.
void
Tick(std::atomic<uint64_t>* ticks)
{
    ticks->fetch_add(1);
    Simulator::Schedule(MilliSeconds(1), &Tick, ticks);
}

/// Starts a simulation with the stoppable scheduler and no stop pending.
void
UseStoppableScheduler()
{
    CoStoppableScheduler::ClearStop();
    Simulator::SetScheduler(ObjectFactory("ns3::CoStoppableScheduler"));
}

TEST(CoStoppableSchedulerTest, WithoutARequestItRunsEveryEventInOrder)
{
    UseStoppableScheduler();
    std::vector<double> times;
    for (double t : {3.0, 1.0, 2.0, 0.0, 2.0})
    {
        Simulator::Schedule(Seconds(t), &Note, &times, Ptr<Counted>());
    }
    Simulator::Run();
    EXPECT_EQ(times, (std::vector<double>{0, 1, 2, 2, 3}));
    EXPECT_FALSE(CoStoppableScheduler::HasStopped());
    Simulator::Destroy();
}

TEST(CoStoppableSchedulerTest, ARequestStopsAtTheNextEventAndDestroyReleasesTheRest)
{
    UseStoppableScheduler();
    Counted::destroyed = 0;
    std::vector<double> times;
    Simulator::Schedule(Seconds(1), &Note, &times, Create<Counted>());
    CoSchedule(Seconds(2), []() { CoStoppableScheduler::RequestStop(); });
    EventId third = Simulator::Schedule(Seconds(3), &Note, &times, Create<Counted>());
    Simulator::Schedule(Seconds(4), &Note, &times, Create<Counted>());
    Simulator::Run();

    EXPECT_EQ(times, (std::vector<double>{1}));
    EXPECT_TRUE(CoStoppableScheduler::IsStopRequested());
    EXPECT_TRUE(CoStoppableScheduler::HasStopped());
    EXPECT_EQ(Simulator::Now(), Seconds(3)); // at the next event's time, before it
    EXPECT_FALSE(Simulator::IsExpired(third));
    third = EventId();                // which held the event, and so its object
    EXPECT_EQ(Counted::destroyed, 1); // the 1 s event's object only
    Simulator::Destroy();
    EXPECT_EQ(Counted::destroyed, 3); // the two events left were released, not run
    EXPECT_EQ(times.size(), 1u);

    // the next simulation runs to its end
    UseStoppableScheduler();
    Simulator::Schedule(Seconds(1), &Note, &times, Ptr<Counted>());
    Simulator::Schedule(Seconds(2), &Note, &times, Ptr<Counted>());
    Simulator::Run();
    EXPECT_EQ(times, (std::vector<double>{1, 1, 2}));
    EXPECT_FALSE(CoStoppableScheduler::HasStopped());
    Simulator::Destroy();
}

TEST(CoStoppableSchedulerTest, AnotherThreadStopsASimulationThatNeverEnds)
{
    UseStoppableScheduler();
    std::atomic<uint64_t> ticks{0};
    Simulator::Schedule(Seconds(0), &Tick, &ticks);
    std::thread stopper([&ticks]() {
        while (ticks.load() < 1000)
        {
            std::this_thread::yield();
        }
        CoStoppableScheduler::RequestStop();
    });
    Simulator::Run();
    stopper.join();
    EXPECT_TRUE(CoStoppableScheduler::HasStopped());
    EXPECT_GE(ticks.load(), 1000u);
    EXPECT_EQ(Simulator::Now(), MilliSeconds(ticks.load())); // the next tick's time
    Simulator::Destroy();
    CoStoppableScheduler::ClearStop();
}

/// A small grid that runs to its end in well under a second.
CoScenario
Small()
{
    return SmallGrid(2, 2, Seconds(3));
}

/// A run that cannot end in any test's lifetime: 10^6 s of 8 x 1 call/s
/// (8 x 10^6 calls, within CoScenario's limit of 10^7).
CoScenario
Endless()
{
    CoScenario s = Small();
    s.calls.rate = 1;
    s.duration = Seconds(1e6);
    s.statistics.sampleInterval = Seconds(1000);
    return s;
}

/// Waits until a run is in progress in this process (no time limit: the test's own).
void
WaitForRun()
{
    while (!CoScenarioRunner::IsRunning())
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

TEST(CoRunStopTest, ATimeoutStopsTheRunAndTheNextRunIsAsEver)
{
    std::string before = CallsCsv(CoScenarioRunner().Run(Small()));

    CoScenarioRunner limited;
    limited.SetTimeout(0.2);
    EXPECT_DOUBLE_EQ(limited.GetTimeout(), 0.2);
    try
    {
        limited.Run(Endless());
        ADD_FAILURE() << "an endless run ended";
    }
    catch (const CoRunStopped& e)
    {
        EXPECT_EQ(e.GetReason(), CoRunStopped::Reason::Timeout);
        // (time 0 if building took longer than the timeout: it is wall-clock)
        EXPECT_GE(e.GetStopTime(), Time(0));
        EXPECT_LT(e.GetStopTime(), Seconds(1e6));
        EXPECT_DOUBLE_EQ(e.GetTimeout(), 0.2);
        EXPECT_NE(std::string(e.what()).find("timeout of 0.2 s"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(CoScenarioRunner::IsRunning());
    EXPECT_FALSE(CoStoppableScheduler::IsStopRequested());

    // the simulator was destroyed: a run gives what it gave before, also
    // with a timeout it stays within
    EXPECT_EQ(CallsCsv(CoScenarioRunner().Run(Small())), before);
    limited.SetTimeout(3600);
    EXPECT_EQ(CallsCsv(limited.Run(Small())), before);
}

TEST(CoRunStopTest, ABadTimeoutIsRefusedByName)
{
    CoScenarioRunner runner;
    for (double bad : {-1.0, std::nan(""), HUGE_VAL})
    {
        try
        {
            runner.SetTimeout(bad);
            ADD_FAILURE() << bad << " accepted";
        }
        catch (const std::invalid_argument& e)
        {
            EXPECT_EQ(std::string(e.what()).rfind("timeout: ", 0), 0u) << e.what();
        }
    }
    EXPECT_DOUBLE_EQ(runner.GetTimeout(), 0);
}

TEST(CoRunStopTest, RequestStopFromAnotherThreadStopsTheRun)
{
    // a request while nothing runs is for no run: forgotten
    CoScenarioRunner::RequestStop();
    std::string before = CallsCsv(CoScenarioRunner().Run(Small()));

    std::thread stopper([]() {
        WaitForRun();
        CoScenarioRunner::RequestStop();
    });
    CoRunStopped::Reason reason = CoRunStopped::Reason::Timeout;
    try
    {
        CoScenarioRunner().Run(Endless());
    }
    catch (const CoRunStopped& e)
    {
        reason = e.GetReason();
    }
    stopper.join();
    EXPECT_EQ(reason, CoRunStopped::Reason::Request);
    EXPECT_EQ(CallsCsv(CoScenarioRunner().Run(Small())), before);
}

/// Counts the SIGINTs the test's own handler receives.
std::atomic<int> g_testHandlerCalls{0};

void
TestHandler(int)
{
    g_testHandlerCalls.fetch_add(1);
}

TEST(CoRunStopTest, SigintStopsTheRunWhenAskedAndTheHandlerIsPutBack)
{
    struct sigaction mine = {};
    mine.sa_handler = &TestHandler;
    sigemptyset(&mine.sa_mask);
    struct sigaction previous = {};
    ASSERT_EQ(sigaction(SIGINT, &mine, &previous), 0);

    CoScenarioRunner runner;
    runner.SetStopOnInterrupt(true);
    std::thread interrupter([]() {
        WaitForRun();
        kill(getpid(), SIGINT);
    });
    CoRunStopped::Reason reason = CoRunStopped::Reason::Timeout;
    try
    {
        runner.Run(Endless());
    }
    catch (const CoRunStopped& e)
    {
        reason = e.GetReason();
        EXPECT_NE(std::string(e.what()).find("SIGINT"), std::string::npos) << e.what();
    }
    interrupter.join();
    EXPECT_EQ(reason, CoRunStopped::Reason::Interrupt);
    EXPECT_EQ(g_testHandlerCalls.load(), 0); // the run's handler took it

    struct sigaction now = {};
    ASSERT_EQ(sigaction(SIGINT, &previous, &now), 0);
    EXPECT_EQ(now.sa_handler, &TestHandler); // put back after the run
}

TEST(CoCallRecorderLifetimeTest, WatchedNicsAndSwitchesAreFreedWithTheirNodes)
{
    Ptr<CoNetDevice> a;
    Ptr<CoNetDevice> b;
    Ptr<CoSwitch> sw;
    {
        OneSwitchNetwork net;
        net.Build();
        Ptr<CoCallRecorder> recorder = CreateObject<CoCallRecorder>();
        recorder->WatchAll();
        ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
        net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0));
        CoSchedule(Seconds(1), [&net]() { net.a->CloseCall(net.ca->vc); });
        Simulator::Run();
        recorder->Finish();
        ASSERT_EQ(recorder->GetRecords().size(), 1u);
        EXPECT_TRUE(recorder->GetRecords()[0].outcome.IsSuccess());
        a = net.a;
        b = net.b;
        sw = net.sw;
        Simulator::Destroy();
    } // the network, its clients and the recorder (never disposed) are gone
    // Nothing but these Ptrs holds them: no callback on their own trace
    // sources keeps them (a cycle that would leak every NIC of every run).
    EXPECT_EQ(a->GetReferenceCount(), 1u);
    EXPECT_EQ(b->GetReferenceCount(), 1u);
    EXPECT_EQ(sw->GetReferenceCount(), 1u);
}

TEST(CoCallRecorderLifetimeTest, ADisposedOrDeletedRecorderIsCalledNoMore)
{
    OneSwitchNetwork net;
    net.Build();
    Ptr<CoCallRecorder> disposed = CreateObject<CoCallRecorder>();
    Ptr<CoCallRecorder> deleted = CreateObject<CoCallRecorder>();
    Ptr<CoCallRecorder> kept = CreateObject<CoCallRecorder>();
    uint32_t unwatched = net.a->GetReferenceCount();
    kept->WatchAll();
    uint32_t perRecorder = net.a->GetReferenceCount() - unwatched;
    EXPECT_GT(perRecorder, 0u); // one per connection, to take it off again
    disposed->WatchAll();
    deleted->WatchAll();
    EXPECT_EQ(net.a->GetReferenceCount(), unwatched + 3 * perRecorder);
    disposed->Dispose();
    deleted = nullptr; // its destructor takes its callbacks off
    EXPECT_EQ(net.a->GetReferenceCount(), unwatched + perRecorder);

    ASSERT_TRUE(net.cb->RegisterOwnSap().IsSuccess());
    net.ca->Call(net.b->GetAesa(), CoCallParameters::Symmetric(CoServiceCategory::Ubr, 0));
    CoSchedule(Seconds(1), [&net]() { net.a->CloseCall(net.ca->vc); });
    Simulator::Run();
    kept->Finish();
    disposed->Finish();
    EXPECT_EQ(kept->GetRecords().size(), 1u);
    EXPECT_TRUE(disposed->GetRecords().empty());
    uint32_t watched = net.a->GetReferenceCount();
    kept->Dispose();
    EXPECT_EQ(net.a->GetReferenceCount(), watched - perRecorder);
    Simulator::Destroy();
}

} // namespace
