# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# condis in an ns-3 source tree of the waf era (ns-3.29 to ns-3.35), as
# contrib/condis: ./waf configure --enable-modules=condis ... picks it up.
#
# CMakeLists.txt is the reference build; this file builds what its contrib/
# branch (build_lib) builds: the library, its public headers, the examples
# (examples/wscript) and, when GoogleTest is there and tests are enabled, the
# GoogleTest programs of test/. The lists below must name the same files as
# CMakeLists.txt does; the test wscript-lists (test/check-wscript.py) fails,
# naming the file, when they drift apart.
#
# Not built here, as in the contrib/ branch of CMakeLists.txt: the Python
# module (pybind11, not ns-3's pybindgen bindings), condis-print-typeids,
# the benchmark and the fuzz targets. There are no ns-3 TestSuites, so no
# module test library for test-runner either: the tests are GoogleTest
# programs (scripts/check-ns3-tree runs them).

import os

# ns-3 modules the library needs (CMakeLists.txt: condis_ns3_modules)
condis_ns3_modules = ['core', 'network']

# Boost libraries with compiled parts: the GraphML and Graphviz readers of
# the topology helper.
REQUIRED_BOOST_LIBS = ['graph']

condis_sources = [
    'helper/co-application-helper.cc',
    'helper/co-call-event-collector.cc',
    'helper/co-call-ladder.cc',
    'helper/co-call-record.cc',
    'helper/co-call-recorder.cc',
    'helper/co-call-recorder-parties.cc',
    'helper/co-data-recorder.cc',
    'helper/co-helper.cc',
    'helper/co-party-record.cc',
    'helper/co-scenario-runner.cc',
    'helper/co-sequence-chart.cc',
    'helper/co-scenario.cc',
    'helper/co-stoppable-scheduler.cc',
    'helper/co-topology-helper.cc',
    'helper/co-topology-reader.cc',
    'helper/co-topology-svg.cc',
    'helper/co-topology.cc',
    'helper/co-vc-record.cc',
    'model/aesa-address.cc',
    'model/atm-frame-header.cc',
    'model/co-call-generator-application.cc',
    'model/co-call-parameters.cc',
    'model/co-call-tag.cc',
    'model/co-cell-loss-tag.cc',
    'model/co-channel.cc',
    'model/co-client-application.cc',
    'model/co-gcra.cc',
    'model/co-leaf-join.cc',
    'model/co-leaf-join-application.cc',
    'model/co-net-device.cc',
    'model/co-net-device-parties.cc',
    'model/co-net-device-leaf-join.cc',
    'model/co-party-routes.cc',
    'model/co-finish-tag-queue.cc',
    'model/co-multipoint-root-application.cc',
    'model/co-port-net-device.cc',
    'model/co-prefix-index.cc',
    'model/co-routing-table.cc',
    'model/co-timer-queue.cc',
    'model/co-traffic-sender.cc',
    'model/co-traffic-source.cc',
    'model/co-vc-scheduler.cc',
    'model/co-rule-checker.cc',
    'model/co-sap-server-application.cc',
    'model/co-sap.cc',
    'model/co-status.cc',
    'model/co-switch.cc',
    'model/co-switch-multipoint.cc',
    'model/co-switch-leaf-join.cc',
    'model/q2931-aal-parameters-ie.cc',
    'model/q2931-atm-traffic-descriptor-ie.cc',
    'model/q2931-broadband-bearer-capability-ie.cc',
    'model/q2931-broadband-low-layer-information-ie.cc',
    'model/q2931-call-procedures.cc',
    'model/q2931-call-state-ie.cc',
    'model/q2931-interface-restart.cc',
    'model/q2931-signalling-aal-failure.cc',
    'model/q2971-endpoint-state-ie.cc',
    'model/q2971-party-table.cc',
    'model/q2931-restart-indicator-ie.cc',
    'model/q2931-called-party-number-ie.cc',
    'model/q2931-calling-party-number-ie.cc',
    'model/q2931-cause-ie.cc',
    'model/q2931-connection-identifier-ie.cc',
    'model/q2931-endpoint-reference-ie.cc',
    'model/q2931-header.cc',
    'model/q2931-minimum-traffic-descriptor-ie.cc',
    'model/q2931-qos-parameter-ie.cc',
    'model/saal-endpoint.cc',
    'model/uni40-leaf-sequence-number-ie.cc',
    'model/uni40-lij-call-identifier-ie.cc',
    'model/uni40-lij-parameters-ie.cc',
    'model/sscop-sd-pdu.cc',
    'model/sscop-trailer.cc',
]

condis_headers = [
    'helper/co-application-helper.h',
    'helper/co-call-event-collector.h',
    'helper/co-call-ladder.h',
    'helper/co-call-record.h',
    'helper/co-call-recorder.h',
    'helper/co-data-recorder.h',
    'helper/co-helper.h',
    'helper/co-party-record.h',
    'helper/co-scenario-runner.h',
    'helper/co-sequence-chart.h',
    'helper/co-scenario.h',
    'helper/co-stoppable-scheduler.h',
    'helper/co-topology-helper.h',
    'helper/co-topology-reader.h',
    'helper/co-topology-svg.h',
    'helper/co-topology.h',
    'helper/co-vc-record.h',
    'model/aesa-address.h',
    'model/atm-frame-header.h',
    'model/co-call-generator-application.h',
    'model/co-call-parameters.h',
    'model/co-call-tag.h',
    'model/co-cell-loss-tag.h',
    'model/co-channel.h',
    'model/co-client-application.h',
    'model/co-gcra.h',
    'model/co-leaf-join.h',
    'model/co-leaf-join-application.h',
    'model/co-handle.h',
    'model/co-net-device.h',
    'model/co-ns3-compat.h',
    'model/co-party-routes.h',
    'model/co-finish-tag-queue.h',
    'model/co-multipoint-root-application.h',
    'model/co-port-net-device.h',
    'model/co-prefix-index.h',
    'model/co-routing-table.h',
    'model/co-timer-queue.h',
    'model/co-traffic-sender.h',
    'model/co-traffic-source.h',
    'model/co-vc-scheduler.h',
    'model/co-rule-checker.h',
    'model/co-sap-server-application.h',
    'model/co-sap.h',
    'model/co-status.h',
    'model/co-switch.h',
    'model/q2931-aal-parameters-ie.h',
    'model/q2931-atm-traffic-descriptor-ie.h',
    'model/q2931-broadband-bearer-capability-ie.h',
    'model/q2931-broadband-low-layer-information-ie.h',
    'model/q2931-call-procedures.h',
    'model/q2931-call-state-ie.h',
    'model/q2931-interface-restart.h',
    'model/q2931-signalling-aal-failure.h',
    'model/q2971-endpoint-state-ie.h',
    'model/q2971-party-table.h',
    'model/q2931-restart-indicator-ie.h',
    'model/q2931-called-party-number-ie.h',
    'model/q2931-calling-party-number-ie.h',
    'model/q2931-cause-ie.h',
    'model/q2931-connection-identifier-ie.h',
    'model/q2931-endpoint-reference-ie.h',
    'model/q2931-header.h',
    'model/q2931-minimum-traffic-descriptor-ie.h',
    'model/q2931-qos-parameter-ie.h',
    'model/saal-endpoint.h',
    'model/uni40-leaf-sequence-number-ie.h',
    'model/uni40-lij-call-identifier-ie.h',
    'model/uni40-lij-parameters-ie.h',
    'model/sscop-sd-pdu.h',
    'model/sscop-trailer.h',
]

# each a GoogleTest program of its own
condis_tests = [
    'test/atm-frame-header-test.cc',
    'test/co-bad-input-test.cc',
    'test/co-applications-test.cc',
    'test/co-call-accounting-test.cc',
    'test/co-call-ladder-test.cc',
    'test/co-call-lifecycle-test.cc',
    'test/co-call-pcap-test.cc',
    'test/co-crankback-test.cc',
    'test/co-erlang-b-test.cc',
    'test/co-failure-test.cc',
    'test/co-gcra-test.cc',
    'test/co-helper-test.cc',
    'test/co-host-answers-test.cc',
    'test/co-host-contract-test.cc',
    'test/co-leaf-join-application-test.cc',
    'test/co-leaf-join-test.cc',
    'test/co-leaf-join-study-test.cc',
    'test/co-long-session-test.cc',
    'test/co-multipoint-host-test.cc',
    'test/co-multipoint-network-test.cc',
    'test/co-multipoint-study-test.cc',
    'test/co-multi-hop-call-test.cc',
    'test/co-multipoint-switch-test.cc',
    'test/co-party-routes-test.cc',
    'test/co-finish-tag-queue-test.cc',
    'test/co-pass-through-test.cc',
    'test/co-send-complete-test.cc',
    'test/co-queueing-theory-test.cc',
    'test/co-network-failure-test.cc',
    'test/co-port-net-device-test.cc',
    'test/co-routing-table-test.cc',
    'test/co-rule-checker-test.cc',
    'test/co-scenario-queueing-test.cc',
    'test/co-scenario-test.cc',
    'test/co-scenario-traffic-test.cc',
    'test/co-timer-expiry-test.cc',
    'test/co-timer-queue-test.cc',
    'test/co-vc-scheduler-test.cc',
    'test/co-vc-queueing-test.cc',
    'test/co-upc-test.cc',
    'test/co-vc-release-test.cc',
    'test/co-flow-control-test.cc',
    'test/co-vc-scheduler-theory-test.cc',
    'test/co-cell-fidelity-test.cc',
    'test/co-sequence-chart-test.cc',
    'test/co-setup-latency-test.cc',
    'test/co-signalling-queue-test.cc',
    'test/co-topology-generator-test.cc',
    'test/co-topology-reader-test.cc',
    'test/co-topology-routing-test.cc',
    'test/co-topology-svg-test.cc',
    'test/co-traffic-sender-test.cc',
    'test/co-traffic-source-test.cc',
    'test/co-value-types-test.cc',
    'test/q2931-alerting-test.cc',
    'test/q2931-call-procedures-test.cc',
    'test/q2931-judge-test.cc',
    'test/q2931-restart-test.cc',
    'test/q2931-signalling-aal-failure-test.cc',
    'test/q2971-party-table-test.cc',
    'test/q2931-header-test.cc',
    'test/q2931-ie-test.cc',
    'test/sscop-sd-pdu-test.cc',
    'test/sscop-trailer-test.cc',
    'test/uni40-leaf-join-ie-test.cc',
]


def required_boost_libs(conf):
    conf.env['REQUIRED_BOOST_LIBS'] += REQUIRED_BOOST_LIBS


def configure(conf):
    # Required, as in CMakeLists.txt: without one of them the module is
    # reported as not built and ns-3 goes on without it.
    if conf.missing_boost_libs('condis', 'condis (connection-oriented networking)',
                               REQUIRED_BOOST_LIBS):
        return
    # pkg-config names of the libraries, and the waf name their flags get
    required = [
        # the scenario description is read and written as JSON (header-only)
        ('nlohmann_json', 'CONDIS_JSON'),
        # the switches' hash tables, in the public headers
        ('absl_flat_hash_map', 'CONDIS_ABSL'),
    ]
    for package, store in required:
        if not conf.check_cfg(package=package, uselib_store=store,
                              args=['--cflags', '--libs'], mandatory=False):
            conf.report_optional_feature('condis', 'condis (connection-oriented networking)',
                                         False, '%s not found (pkg-config)' % package)
            conf.env['MODULES_NOT_BUILT'].append('condis')
            return

    # Optional: the GoogleTest programs, built when GoogleTest is there and
    # tests are enabled (CMakeLists.txt: find_package(GTest QUIET)).
    have_gtest = bool(conf.check_cfg(package='gtest_main', uselib_store='CONDIS_GTEST',
                                     args=['--cflags', '--libs'], mandatory=False)
                      and conf.check_cfg(package='gmock', uselib_store='CONDIS_GMOCK',
                                         args=['--cflags', '--libs'], mandatory=False))
    conf.env['CONDIS_GTEST'] = have_gtest
    conf.report_optional_feature('condis-gtest', 'condis GoogleTest programs', have_gtest,
                                 'GoogleTest (libgtest-dev, libgmock-dev) not found')


# What the library's users need as well: Boost.Graph and Abseil appear in
# the public headers.
condis_uselib = ['BOOST', 'CONDIS_ABSL']


def build(bld):
    module = bld.create_ns3_module('condis', condis_ns3_modules)
    module.source = condis_sources
    module.use += condis_uselib + ['CONDIS_JSON']

    headers = bld(features='ns3header')
    headers.module = 'condis'
    headers.source = condis_headers

    if bld.env['ENABLE_EXAMPLES']:
        bld.recurse('examples')

    if bld.env['ENABLE_TESTS'] and bld.env['CONDIS_GTEST']:
        import wutils
        # where the scenario tests find condis-run (examples/wscript)
        run_program = os.path.join(
            bld.path.get_bld().abspath(), 'examples',
            '%s%s-condis-run%s' % (wutils.APPNAME, wutils.VERSION, bld.env['BUILD_SUFFIX']))
        for test in condis_tests:
            name = os.path.splitext(os.path.basename(test))[0]
            program = bld.create_ns3_program('condis-' + name, ['condis'] + condis_ns3_modules)
            program.source = test
            program.use += condis_uselib + ['CONDIS_GTEST', 'CONDIS_GMOCK']
            # where the tests find the sample files (examples/topologies)
            program.defines = ['CONDIS_SOURCE_DIR="%s"' % bld.path.abspath()]
            if name in ('co-scenario-test', 'co-bad-input-test') and bld.env['ENABLE_EXAMPLES']:
                program.defines.append('CONDIS_RUN_PROGRAM="%s"' % run_program)
