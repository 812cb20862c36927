package dev.ferry.falco;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names as falcoctl builds them for each distro's fix-up (pkg/driver/distro/*_test.go cases and download.falco.org keys). */
class DriverFileNameTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // ubuntu: flavour from the release, version = uname -v token minus -Ubuntu
            "falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko          | ubuntu-gcp      | 5.15.0-1049-gcp                     | 57~20.04.1  | kmod",
            "falco_ubuntu-generic_5.15.0-52-generic_58.ko            | ubuntu-generic  | 5.15.0-52-generic                   | 58          | kmod",
            "falco_ubuntu-aws_6.5.0-1008-aws_8~22.04.1.o             | ubuntu-aws      | 6.5.0-1008-aws                      | 8~22.04.1   | ebpf",
            "falco_ubuntu-lowlatency_6.5.0-9-lowlatency_9.1.ko       | ubuntu-lowlatency | 6.5.0-9-lowlatency                | 9.1         | kmod",
            "falco_ubuntu-aws_5.0.0-1028-aws-5.0_26~22.04.1.ko       | ubuntu-aws      | 5.0.0-1028-aws-5.0                  | 26~22.04.1  | kmod",
            // amazon linux: release carries the arch, version 1
            "falco_amazonlinux2_5.10.223-212.873.amzn2.x86_64_1.ko   | amazonlinux2    | 5.10.223-212.873.amzn2.x86_64       | 1           | kmod",
            "falco_amazonlinux2022_5.10.75-82.359.amzn2022.x86_64_1.ko | amazonlinux2022 | 5.10.75-82.359.amzn2022.x86_64    | 1           | kmod",
            "falco_amazonlinux2023_6.1.79-99.164.amzn2023.aarch64_1.ko | amazonlinux2023 | 6.1.79-99.164.amzn2023.aarch64    | 1           | kmod",
            // debian: real release from uname -v, '~' and '+' of backports
            "falco_debian_6.1.55-1-amd64_1.ko                        | debian          | 6.1.55-1-amd64                      | 1           | kmod",
            "falco_debian_5.10.178-3-rt-amd64_1.ko                   | debian          | 5.10.178-3-rt-amd64                 | 1           | kmod",
            "falco_debian_6.5.3-1~bpo12+1-rt-amd64_1.ko              | debian          | 6.5.3-1~bpo12+1-rt-amd64            | 1           | kmod",
            "falco_debian_5.10.0-0_39.o                              | debian          | 5.10.0-0                            | 39          | ebpf",
            // flatcar: release = VERSION_ID; cos: raw '+'
            "falco_flatcar_3859.0.0_1.ko                             | flatcar         | 3859.0.0                            | 1           | kmod",
            "falco_cos_5.10.68+_1.o                                  | cos             | 5.10.68+                            | 1           | ebpf",
            // rhel family: underscores inside the release (z-stream kernels)
            "falco_rhel_5.14.0-284.11.1.el9_2.x86_64_1.ko            | rhel            | 5.14.0-284.11.1.el9_2.x86_64        | 1           | kmod",
            "falco_rocky_4.18.0-372.32.1.el8_6.x86_64_1.ko           | rocky           | 4.18.0-372.32.1.el8_6.x86_64        | 1           | kmod",
            "falco_almalinux_5.14.0-362.8.1.el9_3.aarch64_1.ko       | almalinux       | 5.14.0-362.8.1.el9_3.aarch64        | 1           | kmod",
            "falco_centos_3.10.0-1160.el7.x86_64_1.ko                | centos          | 3.10.0-1160.el7.x86_64              | 1           | kmod",
            "falco_ol_5.4.17-2136.307.3.1.el8uek.x86_64_1.ko         | ol              | 5.4.17-2136.307.3.1.el8uek.x86_64   | 1           | kmod",
            // 1_<version> kernel versions
            "falco_minikube_5.10.57_1_1.26.0.ko                      | minikube        | 5.10.57                             | 1_1.26.0    | kmod",
            "falco_bottlerocket_5.10.186_1_1.11.0-aws.ko             | bottlerocket    | 5.10.186                            | 1_1.11.0-aws | kmod",
            "falco_talos_6.1.58-talos_1_1.5.5.ko                     | talos           | 6.1.58-talos                        | 1_1.5.5     | kmod",
            // generic ids
            "falco_opensuse-leap_5.14.21-150400.24.46-default_1.ko   | opensuse-leap   | 5.14.21-150400.24.46-default        | 1           | kmod",
            "falco_arch_6.1.1-arch1-1_1.ko                           | arch            | 6.1.1-arch1-1                       | 1           | kmod",
            "falco_photon_4.19.225-3.ph3_1.o                         | photon          | 4.19.225-3.ph3                      | 1           | ebpf",
    })
    void parsesRealNames(String file, String target, String release, String version, String kind) {
        DriverFileName n = DriverFileName.parse(file);
        assertEquals(target, n.target());
        assertEquals(release, n.kernelRelease());
        assertEquals(version, n.kernelVersion());
        assertEquals(kind, n.kind());
        assertEquals(file, n.fileName(), "round trip");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "README.md                                         | ends neither in .ko",
            "falco_ubuntu-generic_5.15.0-52-generic_58.ko.sha256 | ends neither in .ko",
            "sysdig_ubuntu-generic_5.15.0-52-generic_58.ko     | not named falco_",
            "falco_Ubuntu-generic_5.15.0-52-generic_58.ko      | lower-cases",
            "falco_ubuntu-generic.ko                           | no kernel release",
            "falco_ubuntu-generic_5.15.0-52-generic.ko         | no '_<kernelVersion>'",
            "falco_minikube_5.10.57_1.ko                       | 1_<version>",
            "falco_debian_generic-6.1_1.ko                     | a digit first",
            "falco_debian_6.1.55 1-amd64_1.ko                  | does not look like uname -r",
            "falco_debian_6.1.55-1-amd64_1#2.ko                | characters falcoctl never writes",
            "falco__5.15.0_1.ko                                | not an os-release style id",
    })
    void refusesWithTheReason(String file, String reasonPart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DriverFileName.parse(file));
        assertTrue(e.getMessage().contains(reasonPart), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "falco_amazonlinux2_5.10.223-212.873.amzn2.x86_64_1.ko | x86_64",
            "falco_debian_6.1.55-1-cloud-arm64_1.ko                | aarch64",
            "falco_debian_5.10.178-3-rt-amd64_1.ko                 | x86_64",
            "falco_ubuntu-aws_6.5.0-1008-aws_8~22.04.1.ko          | -",
    })
    void releaseArch(String file, String arch) {
        assertEquals(arch, DriverFileName.parse(file).releaseArch());
    }
}
