import { readdirSync } from 'node:fs';
import path from 'node:path';
import { read, ROOT, yamlDocuments } from './helpers.js';

interface Container {
  name: string;
  image: string;
  ports?: Array<{ name: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string }>;
  envFrom?: Array<{ secretRef?: { name: string }; configMapRef?: { name: string } }>;
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: {
    replicas?: number;
    strategy?: { type?: string };
    template?: { spec: { containers: Container[]; securityContext?: { runAsNonRoot?: boolean } } };
  };
  resources?: string[];
}

const files = readdirSync(path.join(ROOT, 'deploy/k8s')).filter((file) => file.endsWith('.yaml'));
const manifests = files.flatMap((file) => yamlDocuments(read(`deploy/k8s/${file}`)) as Manifest[]);
const deployments = manifests.filter((m) => m.kind === 'Deployment');
const ports: Record<string, number> = {
  gateway: 3000,
  petitions: 3001,
  'case-management': 3002,
  supervision: 3003,
  analytics: 3004,
  review: 3005,
  publicity: 3006,
};
const SERVICES = ['analytics', 'case-management', 'gateway', 'petitions', 'publicity', 'review', 'supervision'];

describe('Kubernetes manifests', () => {
  it('deploy every service, each with a Service', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(SERVICES);
    expect(
      manifests
        .filter((m) => m.kind === 'Service')
        .map((s) => s.metadata.name)
        .sort(),
    ).toEqual(SERVICES);
  });

  it('pin the image tag of every deployed image in the kustomization', () => {
    const kustomization = manifests.find((m) => m.kind === 'Kustomization') as Manifest & {
      images?: Array<{ name: string; newTag?: string }>;
    };
    const images = deployments.flatMap((d) => d.spec?.template?.spec.containers.map((c) => c.image) ?? []).sort();
    expect(
      (kustomization.images ?? [])
        .filter((i) => i.newTag)
        .map((i) => i.name)
        .sort(),
    ).toEqual(images);
  });

  it('run supervision as its own NATS user, with the deadline watcher interval and never a pinned clock', () => {
    const container = deployments.find((d) => d.metadata.name === 'supervision')?.spec?.template?.spec.containers[0];
    expect(container?.env).toContainEqual({ name: 'NATS_USER', value: 'supervision' });
    expect(container?.env).toContainEqual({ name: 'DEADLINE_WATCH_INTERVAL_MS', value: '60000' });
    for (const deployment of deployments) {
      const names = deployment.spec?.template?.spec.containers.flatMap((c) => c.env?.map((e) => e.name) ?? []) ?? [];
      expect({ deployment: deployment.metadata.name, JIANDU_NOW: names.includes('JIANDU_NOW') }).toEqual({
        deployment: deployment.metadata.name,
        JIANDU_NOW: false,
      });
    }
  });

  it.each(['review', 'publicity'])('run %s as its own NATS user, with its deadline watcher interval', (name) => {
    const container = deployments.find((d) => d.metadata.name === name)?.spec?.template?.spec.containers[0];
    expect(container?.env).toContainEqual({ name: 'NATS_USER', value: name });
    expect(container?.env).toContainEqual({ name: 'DEADLINE_WATCH_INTERVAL_MS', value: '60000' });
  });

  it('run analytics as its own NATS user, one replica replaced rather than rolled (its consumers fold events in order, ADR 0013)', () => {
    const analytics = deployments.find((d) => d.metadata.name === 'analytics');
    expect(analytics?.spec?.replicas).toBe(1);
    expect(analytics?.spec?.strategy?.type).toBe('Recreate');
    const container = analytics?.spec?.template?.spec.containers[0];
    expect(container?.env).toContainEqual({ name: 'NATS_USER', value: 'analytics' });
    const names = container?.env?.map((e) => e.name) ?? [];
    expect(names).not.toContain('JWT_SECRET');
    expect(names).not.toContain('VAULT_MASTER_KEY');
  });

  it('list every manifest in the kustomization', () => {
    const kustomization = manifests.find((m) => m.kind === 'Kustomization');
    expect([...(kustomization?.resources ?? [])].sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml').sort());
  });

  it.each(Object.entries(ports))('probe %s on /health at port %d, non-root, secrets from its own Secret', (name, port) => {
    const deployment = deployments.find((d) => d.metadata.name === name);
    const pod = deployment?.spec?.template?.spec;
    const container = pod?.containers[0];
    expect(pod?.securityContext?.runAsNonRoot).toBe(true);
    expect(container?.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(container?.ports).toEqual([{ name: 'http', containerPort: port }]);
    expect(container?.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container?.readinessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container?.env).toContainEqual({ name: name === 'gateway' ? 'PORT' : 'HEALTH_PORT', value: String(port) });
    expect(container?.envFrom).toContainEqual({ secretRef: { name: `jiandu-${name}` } });
  });

  it('commit no Secret', () => {
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
  });
});
