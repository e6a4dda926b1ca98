// What an image has inside, as far as exec cares: its distribution (for /etc/os-release and the
// prompt) and which shells and utilities exist.
//
//   distroless/scratch-like (distroless, static, scratch, pause, coredns, metrics-server, kube-state-
//   metrics, the control plane's etcd/kube-apiserver/-controller-manager/-scheduler, kindnetd)
//                                               → nothing: every exec fails "executable file not found"
//   busybox, alpine, *:alpine, *-alpine tags, and images built on them (curlimages/curl, nginxdemos/hello,
//   prometheus, grafana, kafka)                 → `sh` (BusyBox ash) and the utilities
//   everything else (debian/ubuntu/python/node/nginx/redis/postgres/envoy, the kubedeck apps)
//                                               → `bash` and `sh` (dash) and the utilities

export type Distro = 'none' | 'busybox' | 'alpine' | 'debian' | 'ubuntu';

export interface ImageTraits {
  distro: Distro;
  /** Shell programs present (`sh`, `bash`, `ash`). */
  shells: ReadonlySet<string>;
}

const NO_SHELL =
  /distroless|(?:^|\/)(?:scratch|static|pause|coredns|metrics-server|kube-state-metrics|etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kindnetd)(?::|@|$)/;
const BUSYBOX = /(?:^|\/)busybox(?::|@|$)|(?:^|\/)(?:prometheus|alertmanager|node-exporter)(?::|@|$)/;
const ALPINE = /(?:^|\/)alpine(?::|@|$)|[:-]alpine|(?:^|\/)(?:curl|hello|grafana|kafka)(?::|@|$)/;
const UBUNTU = /(?:^|\/)(?:ubuntu|envoy)(?::|@|$)/;

export function traitsOf(image: string | undefined): ImageTraits {
  const img = (image ?? '').toLowerCase().split('@')[0] ?? '';
  if (NO_SHELL.test(img)) return { distro: 'none', shells: new Set() };
  if (BUSYBOX.test(img)) return { distro: 'busybox', shells: new Set(['sh', 'ash']) };
  if (ALPINE.test(img)) return { distro: 'alpine', shells: new Set(['sh', 'ash']) };
  return { distro: UBUNTU.test(img) ? 'ubuntu' : 'debian', shells: new Set(['sh', 'bash', 'dash']) };
}

export function osRelease(d: Distro): string {
  switch (d) {
    case 'alpine':
      return 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\nHOME_URL="https://alpinelinux.org/"\n';
    case 'busybox':
      return 'NAME="BusyBox"\nID=busybox\nVERSION_ID=1.36.1\nPRETTY_NAME="BusyBox v1.36.1"\n';
    case 'ubuntu':
      return 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\nID=ubuntu\nID_LIKE=debian\n';
    case 'debian':
      return 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n';
    case 'none':
      return '';
  }
}
