/**
 * docker-compose.yml and the Dockerfile, checked without a Docker daemon (none runs on the
 * CI machines, and images cannot be built there):
 * - `docker compose config` (or docker-compose 1.29's), where such a tool exists and works
 *   offline: Compose's own validation, every profile;
 * - always: the file's services and references read with `yaml`, and the Dockerfile's stages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const composeFile = join(root, 'docker-compose.yml');
const composeText = readFileSync(composeFile, 'utf8');

// ---------------------------------------------------------------- docker compose config

/** `docker compose` (v2) or `docker-compose` (1.x), if one validates a trivial file here. */
function findComposeTool(): { command: string[]; why?: undefined } | { command?: undefined; why: string } {
  const dir = mkdtempSync(join(tmpdir(), 'compose-probe-'));
  try {
    writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  probe:\n    image: busybox\n');
    for (const command of [['docker', 'compose'], ['docker-compose']]) {
      const probe = spawnSync(
        command[0]!,
        [...command.slice(1), '-f', join(dir, 'docker-compose.yml'), 'config', '--services'],
        {
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      if (probe.status === 0 && probe.stdout.trim() === 'probe') return { command };
    }
    return { why: 'neither `docker compose` nor `docker-compose` validates a compose file offline here' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tool = findComposeTool();
if (!tool.command)
  console.warn(
    `test/docker/compose.test.ts: \`compose config\` tests skipped: ${tool.why} (the YAML checks still run)`,
  );
const withCompose = tool.command ? it : it.skip;

describe('docker compose config', () => {
  // An empty env file and no PLIANT_*/SQL_* variables: the file must not depend on the
  // developer's .env, and it has no required variables (they would block every profile).
  const envDir = mkdtempSync(join(tmpdir(), 'compose-env-'));
  const emptyEnvFile = join(envDir, 'empty.env');
  writeFileSync(emptyEnvFile, '');
  afterAll(() => rmSync(envDir, { recursive: true, force: true }));
  const cleanEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(PLIANT_|SQL_|SYNC_|POSTGRES_|SIMULATOR_|COMPOSE_|CALLBACK_|DATABASE_URL)/.test(k),
    ),
  );
  const compose = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(tool.command![0]!, [...tool.command!.slice(1), '-f', composeFile, '--env-file', emptyEnvFile, ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...cleanEnv, ...env },
    });
  const expectValid = (result: ReturnType<typeof compose>) => {
    if (result.status !== 0)
      throw new Error(`compose config failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
  };

  withCompose(
    'validates with Pliant credentials set',
    () => {
      expectValid(compose(['config', '--quiet'], { PLIANT_CLIENT_ID: 'id', PLIANT_CLIENT_SECRET: 'secret' }));
    },
    60_000,
  );

  withCompose(
    'validates with nothing set (the simulator and tools need no credentials)',
    () => {
      expectValid(compose(['config', '--quiet']));
    },
    60_000,
  );

  withCompose(
    'validates every profile, and the profiles add exactly the services the file declares',
    () => {
      for (const profile of ['simulator', 'tools']) expectValid(compose(['--profile', profile, 'config', '--quiet']));
      const all = compose(['--profile', 'simulator', '--profile', 'tools', 'config', '--services']);
      expectValid(all);
      // (docker-compose 1.x lists every service here whatever the profiles; v2 the active ones.)
      expect(all.stdout.trim().split('\n').sort()).toEqual(Object.keys(services).sort());
    },
    120_000,
  );
});

// ---------------------------------------------------------------- the file itself

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Service {
  build?: string | { context?: string; dockerfile?: string };
  image?: string;
  profiles?: string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  environment?: Record<string, string | number | null> | string[];
  entrypoint?: string | string[];
  command?: string | string[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: (string | number)[];
  restart?: string;
}

/** Compose's interpolation, with no variables set: `${X:-default}` → default, `$$` → `$`. */
function interpolate(value: Json): Json {
  if (typeof value === 'string')
    return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (match, _name, fallback) =>
      match === '$$' ? '$' : (fallback ?? ''),
    );
  if (Array.isArray(value)) return value.map(interpolate);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v)]));
  return value;
}

// merge: the file shares settings through YAML merge keys (`<<: *worker`), as Compose does.
const doc = interpolate(parse(composeText, { merge: true }) as Json) as unknown as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = doc.services;
const names = Object.keys(services);

const dependencies = (s: Service): string[] =>
  Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
const environment = (s: Service): Record<string, string> =>
  Array.isArray(s.environment)
    ? Object.fromEntries(s.environment.map((e) => [e.split('=')[0]!, e.split('=').slice(1).join('=')]))
    : Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, v == null ? '' : String(v)]));
const words = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** What the container runs: the entrypoint (the image's when not overridden) and the command. */
const runs = (s: Service): string =>
  [...(s.entrypoint !== undefined ? words(s.entrypoint) : ['tini', '--', 'pliant-sync']), ...words(s.command)].join(
    ' ',
  );
const namedVolume = (v: NonNullable<Service['volumes']>[number]): string | undefined => {
  const source =
    typeof v === 'string'
      ? v.includes(':')
        ? v.split(':')[0]
        : undefined
      : v.type === 'volume' || v.type === undefined
        ? v.source
        : undefined;
  return source && !/^[./~]/.test(source) ? source : undefined;
};
const hostOf = (url: string) => new URL(url).hostname;
const portOf = (url: string) => new URL(url).port;

describe('docker-compose.yml', () => {
  it('has the services of the set-up; a plain `up` starts only the database and the worker', () => {
    expect(names).toEqual(expect.arrayContaining(['postgres', 'worker', 'simulator', 'worker-sim', 'sql-user']));
    expect(names.filter((n) => !services[n]!.profiles?.length).sort()).toEqual(['postgres', 'worker']);
  });

  it('names only defined services in depends_on, and no profile-only service from an always-on one', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of dependencies(service)) {
        expect({ service: name, dependsOn: dependency, defined: names.includes(dependency) }).toEqual({
          service: name,
          dependsOn: dependency,
          defined: true,
        });
        const theirs = services[dependency]?.profiles ?? [];
        const mine = service.profiles ?? [];
        // An always-on service that needs a profiled one breaks a plain `docker compose up`.
        const reachable = theirs.length === 0 || (mine.length > 0 && mine.every((p) => theirs.includes(p)));
        expect({ service: name, dependsOn: dependency, reachable }).toEqual({
          service: name,
          dependsOn: dependency,
          reachable: true,
        });
      }
    }
  });

  it('declares every named volume it mounts, and mounts every one it declares', () => {
    const used = new Set(
      Object.values(services).flatMap((s) => (s.volumes ?? []).map(namedVolume).filter((v): v is string => !!v)),
    );
    const declared = Object.keys(doc.volumes ?? {});
    for (const volume of used)
      expect({ volume, declared: declared.includes(volume) }).toEqual({ volume, declared: true });
    for (const volume of declared) expect({ volume, used: used.has(volume) }).toEqual({ volume, used: true });
  });

  it('keeps PostgreSQL on a volume, with a pg_isready health check', () => {
    for (const name of ['postgres', 'postgres-sim']) {
      const pg = services[name]!;
      expect(pg.image).toMatch(/^postgres:1[5-9]\b/);
      expect((pg.volumes ?? []).map(namedVolume)).toHaveLength(1);
      expect(String(pg.volumes![0])).toMatch(/:\/var\/lib\/postgresql\/data$/);
      expect(words(pg.healthcheck?.test).join(' ')).toContain('pg_isready');
    }
  });

  it('the worker: migrate, then worker, waits for a healthy database, restarts, is checked on /health', () => {
    for (const name of ['worker', 'worker-sim']) {
      const worker = services[name]!;
      // `&&`: a failed migrate must not start a worker on an old schema; `exec`: signals reach it.
      expect(runs(worker)).toMatch(/pliant-sync migrate\s*&&\s*exec pliant-sync worker\b/);
      expect(words(worker.entrypoint)[0]).toBe('tini');
      expect(worker.restart).toBe('unless-stopped');
      const env = environment(worker);
      const database = services[hostOf(env.DATABASE_URL!)];
      expect(database?.image).toMatch(/^postgres:/);
      expect((worker.depends_on as Record<string, { condition?: string }>)[hostOf(env.DATABASE_URL!)]?.condition).toBe(
        'service_healthy',
      );
      const health = words(worker.healthcheck?.test).join(' ');
      expect(health).toContain(`127.0.0.1:${env.CALLBACK_PORT}/health`);
      expect(worker.healthcheck?.disable).not.toBe(true);
      // The receipts volume is mounted where RECEIPTS_DIR points.
      const receipts = (worker.volumes ?? []).map(String).find((v) => v.endsWith(`:${env.RECEIPTS_DIR}`));
      expect(receipts && namedVolume(receipts)).toBeTruthy();
      // The callback port is published.
      expect((worker.ports ?? []).map(String).some((p) => p.endsWith(`:${env.CALLBACK_PORT}`))).toBe(true);
    }
  });

  it('the production worker takes PLIANT_* from the environment or .env', () => {
    const env = environment(services.worker!);
    for (const variable of [
      'PLIANT_ENV',
      'PLIANT_CLIENT_ID',
      'PLIANT_CLIENT_SECRET',
      'PLIANT_API_URL',
      'PLIANT_AUTH_URL',
    ])
      expect(composeText).toMatch(new RegExp(`${variable}: \\$\\{${variable}(:-[^}]*)?\\}`));
    expect(env.PLIANT_ENV).toBe('production');
    // Compose interpolates the whole file before it applies profiles: a required variable would
    // stop `--profile simulator` without credentials. The worker itself exits 2 naming it.
    const withoutComments = composeText.replace(/^\s*#.*$/gm, '');
    expect(withoutComments).not.toMatch(/\$\{[A-Za-z_][A-Za-z0-9_]*:?\?/);
  });

  it('the simulator profile: worker-sim talks to the simulator service, and the simulator calls it back', () => {
    const sim = services.simulator!;
    const workerSim = services['worker-sim']!;
    expect(sim.profiles).toEqual(['simulator']);
    expect(workerSim.profiles).toEqual(['simulator']);
    const simArgs = words(sim.command);
    expect(simArgs[0]).toBe('simulator');
    const arg = (flag: string) => simArgs[simArgs.indexOf(flag) + 1];
    expect(arg('--host')).toBe('0.0.0.0');

    const env = environment(workerSim);
    expect(env.PLIANT_ENV).toBe('simulator');
    for (const variable of ['PLIANT_API_URL', 'PLIANT_AUTH_URL']) {
      expect(hostOf(env[variable]!)).toBe('simulator');
      expect(portOf(env[variable]!)).toBe(arg('--port'));
    }
    expect(new URL(env.PLIANT_API_URL!).pathname).toBe('/api');
    expect(new URL(env.PLIANT_AUTH_URL!).pathname).toBe('/oauth/token');
    expect((workerSim.depends_on as Record<string, { condition?: string }>).simulator?.condition).toBe(
      'service_healthy',
    );
    expect(words(sim.healthcheck?.test).join(' ')).toContain(`127.0.0.1:${arg('--port')}/`);

    const callback = new URL(arg('--callback-url')!);
    expect(callback.hostname).toBe('worker-sim');
    expect(callback.port).toBe(env.CALLBACK_PORT);
    expect(callback.pathname).toBe('/callbacks/pliant');

    // Simulated organizations never reach the real mirror or its receipts.
    expect(hostOf(env.DATABASE_URL!)).not.toBe(hostOf(environment(services.worker!).DATABASE_URL!));
    const volumesOf = (s: Service) => (s.volumes ?? []).map(namedVolume);
    expect(volumesOf(workerSim).filter((v) => volumesOf(services.worker!).includes(v))).toEqual([]);
  });

  it('the tools profile: a one-shot sql-user create, the password from the environment on stdin', () => {
    const tool = services['sql-user']!;
    expect(tool.profiles).toEqual(['tools']);
    expect(tool.restart).toBe('no');
    const script = runs(tool);
    expect(script).toMatch(/printf '%s' "\$SQL_USER_PASSWORD" \| pliant-sync sql-user create "\$SQL_USER_NAME"/);
    expect(script.indexOf('pliant-sync migrate')).toBeGreaterThan(-1);
    expect(script.indexOf('pliant-sync migrate')).toBeLessThan(script.indexOf('sql-user create'));
    expect(hostOf(environment(tool).DATABASE_URL!)).toBe('postgres');
    expect(tool.healthcheck?.disable).toBe(true);
  });

  it('builds one image from an existing context with a Dockerfile', () => {
    const built = Object.entries(services).filter(([, s]) => s.build !== undefined);
    expect(built.map(([name]) => name)).toEqual(
      expect.arrayContaining(['worker', 'worker-sim', 'simulator', 'sql-user']),
    );
    for (const [, service] of built) {
      const build = typeof service.build === 'string' ? { context: service.build } : service.build!;
      const context = join(root, build.context ?? '.');
      expect(statSync(context).isDirectory()).toBe(true);
      expect(existsSync(join(context, build.dockerfile ?? 'Dockerfile'))).toBe(true);
    }
    expect(new Set(built.map(([, s]) => s.image)).size).toBe(1);
  });

  it('publishes ports on loopback only', () => {
    for (const [name, service] of Object.entries(services))
      for (const port of service.ports ?? [])
        expect({ name, port: String(port) }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:\d+:\d+$/) });
  });
});

// ---------------------------------------------------------------- the Dockerfile

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions of a Dockerfile by stage: comments dropped, `\` continuations joined. */
function dockerfileStages(text: string): { args: Record<string, string>; stages: Stage[] } {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: rest.replace(/\s+/g, ' ') };
    if (instruction.keyword === 'FROM') {
      const [, from = '', name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(instruction.args) ?? [];
      stages.push({ from, name, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [name, value = ''] = instruction.args.split('=');
      args[name!] = value;
    } else stages.at(-1)?.instructions.push(instruction);
  }
  return { args, stages };
}

const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const { args: globalArgs, stages } = dockerfileStages(dockerfile);
const last = stages.at(-1)!;
const inLast = (keyword: string) => last.instructions.filter((i) => i.keyword === keyword);
const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const globToRegExp = (glob: string) =>
  new RegExp('^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*') + '$');
/** True when .dockerignore leaves the path out of the build context (itself or a parent). */
const excluded = (path: string) => {
  const parts = path.split('/');
  return parts.some((_, i) =>
    ignored.some((pattern) => globToRegExp(pattern.replace(/\/$/, '')).test(parts.slice(0, i + 1).join('/'))),
  );
};

describe('Dockerfile', () => {
  it('is multi-stage: a build stage, then the run stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.every((s) => s.name)).toBe(true);
  });

  it('uses a supported Node LTS base image (Node 20 is end of life)', () => {
    for (const stage of stages) {
      const image = stage.from.replace(/\$\{(\w+)\}/g, (_, name: string) => globalArgs[name] ?? '');
      const [, major] = /^node:(\d+)/.exec(image) ?? [];
      expect({ image, supported: Number(major) >= 22 && Number(major) % 2 === 0 }).toEqual({ image, supported: true });
    }
  });

  it('installs production dependencies only in the run stage, without the postinstall build', () => {
    const installs = inLast('RUN').filter((i) => /\bnpm ci\b/.test(i.args));
    expect(installs).toHaveLength(1);
    expect(installs[0]!.args).toContain('--omit=dev');
    // The postinstall runs `prisma generate` and tsc: neither is installed in this stage.
    expect(installs[0]!.args).toContain('--ignore-scripts');
    const first = stages[0]!.instructions
      .filter((i) => i.keyword === 'RUN')
      .map((i) => i.args)
      .join('\n');
    expect(first).toMatch(/\bnpm ci\b/);
    expect(first).not.toContain('--omit=dev');
    expect(first).toMatch(/npm run postinstall|npm ci(?![^\n]*--ignore-scripts)/);
  });

  it('copies from the build stage what the CLI reads at run time', () => {
    const copied = inLast('COPY')
      .filter((i) => i.args.startsWith(`--from=${stages[0]!.name}`))
      .map((i) => i.args);
    for (const path of ['dist', 'bin', 'prisma/migrations'])
      expect(copied.some((c) => c.includes(`/app/${path}`))).toBe(true);
    for (const stage of stages)
      for (const copy of stage.instructions.filter((i) => i.keyword === 'COPY' && i.args.startsWith('--from=')))
        expect(stages.map((s) => s.name)).toContain(/^--from=(\S+)/.exec(copy.args)![1]);
  });

  it('copies from the context only what exists and .dockerignore keeps', () => {
    for (const stage of stages)
      for (const copy of stage.instructions.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from='))) {
        const sources = copy.args
          .split(' ')
          .filter((w) => !w.startsWith('--'))
          .slice(0, -1);
        for (const source of sources.map((s) => s.replace(/^\.\//, '').replace(/\/$/, ''))) {
          expect({ source, exists: existsSync(join(root, source)) }).toEqual({ source, exists: true });
          expect({ source, excluded: excluded(source) }).toEqual({ source, excluded: false });
        }
      }
    // Secrets and the host's build output never enter the context.
    for (const path of ['.env', 'node_modules', 'dist', 'src/generated', 'data'])
      expect({ path, excluded: excluded(path) }).toEqual({ path, excluded: true });
  });

  it('runs as a non-root user', () => {
    const user = inLast('USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('runs tini as PID 1 in front of pliant-sync, the worker by default', () => {
    expect(inLast('RUN').some((i) => /apt-get install .*\btini\b/.test(i.args))).toBe(true);
    expect(JSON.parse(inLast('ENTRYPOINT').at(-1)!.args)).toEqual(['tini', '--', 'pliant-sync']);
    expect(JSON.parse(inLast('CMD').at(-1)!.args)).toEqual(['worker']);
  });

  it('exposes the callback port and checks GET /health on it', () => {
    expect(inLast('EXPOSE').map((i) => i.args)).toContain('8080');
    const health = inLast('HEALTHCHECK').at(-1)?.args ?? '';
    expect(health).toContain('/health');
    expect(health).toContain('fetch(');
  });
});
