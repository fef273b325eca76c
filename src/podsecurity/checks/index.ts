import type { CheckDefinition } from '../check.js';
import { allowPrivilegeEscalationCheck } from './allow-privilege-escalation.js';
import { appArmorProfileCheck } from './app-armor-profile.js';
import { capabilitiesBaselineCheck } from './capabilities-baseline.js';
import { capabilitiesRestrictedCheck } from './capabilities-restricted.js';
import { hostNamespacesCheck } from './host-namespaces.js';
import { hostPathVolumesCheck } from './host-path-volumes.js';
import { hostPortsCheck } from './host-ports.js';
import { hostProbesAndHostLifecycleCheck } from './host-probes-and-host-lifecycle.js';
import { privilegedCheck } from './privileged.js';
import { procMountCheck } from './proc-mount.js';
import { procMountRestrictedCheck } from './proc-mount-restricted.js';
import { restrictedVolumesCheck } from './restricted-volumes.js';
import { runAsNonRootCheck } from './run-as-non-root.js';
import { runAsUserCheck } from './run-as-user.js';
import { seLinuxOptionsCheck } from './se-linux-options.js';
import { seccompProfileBaselineCheck } from './seccomp-profile-baseline.js';
import { seccompProfileRestrictedCheck } from './seccomp-profile-restricted.js';
import { sysctlsCheck } from './sysctls.js';
import { windowsHostProcessCheck } from './windows-host-process.js';

/** Every upstream check; the registry orders them, so the order here does not matter. */
export const DEFAULT_CHECKS: readonly CheckDefinition[] = [
  appArmorProfileCheck,
  capabilitiesBaselineCheck,
  hostNamespacesCheck,
  hostPathVolumesCheck,
  hostPortsCheck,
  hostProbesAndHostLifecycleCheck,
  privilegedCheck,
  procMountCheck,
  seLinuxOptionsCheck,
  seccompProfileBaselineCheck,
  sysctlsCheck,
  windowsHostProcessCheck,
  allowPrivilegeEscalationCheck,
  capabilitiesRestrictedCheck,
  procMountRestrictedCheck,
  restrictedVolumesCheck,
  runAsNonRootCheck,
  runAsUserCheck,
  seccompProfileRestrictedCheck,
];
