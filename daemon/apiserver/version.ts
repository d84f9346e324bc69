/**
 * What `/version` reports. The kubectl on the PATH is a dispatcher that picks `kubectl.1.<minor>`
 * from this answer (reference/kubectl-compat.md §0.3), so it must say 1.32.
 */
import { kubernetesVersion } from '../../shared/version.js';

export { kubernetesVersion };

export const versionInfo = {
  major: '1',
  minor: '32',
  gitVersion: kubernetesVersion,
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};
