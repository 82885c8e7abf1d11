/**
 * The dependency rule (docs: ../shared STYLE §1, ARCHITECTURE §2), checked by `npm run lint`:
 *   core     → core, zod (pure: no node:*, no other package)
 *   ports    → core
 *   app      → core, ports, app, zod, yaml (and node built-ins such as node:crypto)
 *   adapters → ports, core, adapters (and their drivers)
 *   http     → app, core, ports (and fastify)
 *   cli      → app, core, ports (and commander, csv-parse, cli-progress)
 *   main     → anything: the composition root is the only place that picks adapters and http.
 * Tests beside the code (`*.test.ts`) may also use the test libraries.
 */
const TEST = '\\.test\\.ts$';
const TEST_LIBRARIES = '^node_modules/(vitest|@vitest|fast-check)/';

/** A rule: non-test files under `layer` may import only paths matching `allowed` (plus built-ins unless `pure`). */
function only(layer, allowed, comment, pure = false) {
  return {
    name: `${layer}-dependency-rule`,
    severity: 'error',
    comment,
    from: { path: `^src/${layer}/`, pathNot: TEST },
    to: {
      pathNot: [...allowed.map((a) => (a.startsWith('^') ? a : `^src/${a}/`)), TEST_LIBRARIES],
      ...(pure ? {} : { dependencyTypesNot: ['core'] }),
    },
  };
}

module.exports = {
  forbidden: [
    only('core', ['core', '^node_modules/zod/'], 'core is pure TypeScript: it imports only core and zod (no node:*, no I/O)', true),
    only('ports', ['ports', 'core', '^node_modules/zod/'], 'ports are interfaces over core types'),
    // yaml: a pure text parser (policy and feed documents are YAML); no I/O, so no adapter is smuggled in.
    only(
      'app',
      ['core', 'ports', 'app', '^node_modules/zod/', '^node_modules/yaml/'],
      'use cases import core and ports; concrete adapters are wired in src/main',
    ),
    only('adapters', ['adapters', 'ports', 'core', '^node_modules/'], 'adapters implement ports; they never call use cases, HTTP or the CLI'),
    only('http', ['http', 'app', 'core', 'ports', '^node_modules/'], 'HTTP calls use cases; it never picks an adapter (src/main does)'),
    only('cli', ['cli', 'app', 'core', 'ports', '^node_modules/'], 'CLI commands call use cases; they never pick an adapter (src/main does)'),
    {
      name: 'only-main-wires-adapters-and-http',
      severity: 'error',
      comment: 'src/main is the composition root: the only code that imports adapters and http from outside them',
      from: { path: '^src/', pathNot: ['^src/(main|adapters|http)/', TEST] },
      to: { path: '^src/(adapters|http|main)/' },
    },
    {
      name: 'no-unresolvable-imports',
      severity: 'error',
      comment: 'an import that does not resolve (typo, missing .ts extension, missing package)',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      severity: 'warn',
      comment: 'cycles make one-concept-per-file modules hard to read and to test alone',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: core importing a type from ports is a violation as well.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
