// The demo's configuration objects: ConfigMaps, Secrets (one a TLS secret), an Ingress in front of the
// shop, and an ExternalName Service, so every kind a newcomer meets has something to show.
import { CONFIGMAPS, INGRESSCLASSES, INGRESSES, SECRETS, SERVICES } from '../resources.js';
import type { SeedObject } from './types.js';

const DAY = 24 * 3_600_000;
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

const configMap = (ns: string, name: string, data: Record<string, string>, ageMs: number): SeedObject => ({
  gvr: CONFIGMAPS,
  object: { metadata: { name, namespace: ns, labels: { app: name.replace(/-config$/, '') } }, data } as never,
  ageMs,
});

const secret = (ns: string, name: string, type: string, data: Record<string, string>, ageMs: number): SeedObject => ({
  gvr: SECRETS,
  object: { metadata: { name, namespace: ns }, type, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) } as never,
  ageMs,
});

export function configObjects(): SeedObject[] {
  return [
    configMap(
      'shop',
      'frontend-config',
      {
        'default.conf': 'server {\n  listen 80;\n  location /api/ { proxy_pass http://catalog:8080; }\n  location / { root /usr/share/nginx/html; }\n}\n',
        LOG_LEVEL: 'info',
      },
      6 * DAY,
    ),
    configMap('shop', 'cart-config', { 'application.properties': 'cart.ttl=30m\nredis.host=redis\nredis.port=6379\n' }, 6 * DAY),
    configMap('payments', 'payments-api-config', { CURRENCY: 'EUR', FRAUD_CHECK_URL: 'http://fraud-detector:9000' }, 2 * DAY),
    secret('shop', 'redis-auth', 'Opaque', { password: 's3cr3t-redis-passw0rd' }, 6 * DAY),
    secret('payments', 'stripe-api-key', 'Opaque', { 'api-key': 'sk_test_kubedeck_demo_0000000000' }, 2 * DAY),
    secret(
      'payments',
      'payments-api-tls',
      'kubernetes.io/tls',
      {
        'tls.crt': '-----BEGIN CERTIFICATE-----\nMIIBdemo-not-a-real-certificate\n-----END CERTIFICATE-----\n',
        'tls.key': '-----BEGIN PRIVATE KEY-----\nMIIBdemo-not-a-real-key\n-----END PRIVATE KEY-----\n',
      },
      2 * DAY,
    ),
    {
      // the class the shop's Ingress names (ingress-nginx installs it)
      gvr: INGRESSCLASSES,
      object: {
        metadata: { name: 'nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
        spec: { controller: 'k8s.io/ingress-nginx' },
      } as never,
      ageMs: 14 * DAY,
    },
    {
      gvr: INGRESSES,
      object: {
        metadata: { name: 'shop', namespace: 'shop' },
        spec: {
          ingressClassName: 'nginx',
          tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
          rules: [
            {
              host: 'shop.example.com',
              http: {
                paths: [
                  { path: '/api', pathType: 'Prefix', backend: { service: { name: 'catalog', port: { number: 8080 } } } },
                  { path: '/', pathType: 'Prefix', backend: { service: { name: 'frontend', port: { number: 80 } } } },
                ],
              },
            },
          ],
        },
      } as never,
      ageMs: 6 * DAY,
    },
    {
      gvr: SERVICES,
      object: { metadata: { name: 'stripe', namespace: 'payments' }, spec: { type: 'ExternalName', externalName: 'api.stripe.com' } } as never,
      ageMs: 2 * DAY,
    },
  ];
}
