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
  spec?: { template?: { spec: { containers: Container[]; securityContext?: { runAsNonRoot?: boolean } } } };
  resources?: string[];
}

const files = readdirSync(path.join(ROOT, 'deploy/k8s')).filter((file) => file.endsWith('.yaml'));
const manifests = files.flatMap((file) => yamlDocuments(read(`deploy/k8s/${file}`)) as Manifest[]);
const deployments = manifests.filter((m) => m.kind === 'Deployment');
const ports: Record<string, number> = { gateway: 3000, petitions: 3001, 'case-management': 3002 };

describe('Kubernetes manifests', () => {
  it('deploy the three services, each with a Service', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['case-management', 'gateway', 'petitions']);
    expect(manifests.filter((m) => m.kind === 'Service').map((s) => s.metadata.name).sort()).toEqual(['case-management', 'gateway', 'petitions']);
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
