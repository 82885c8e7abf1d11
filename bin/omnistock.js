#!/usr/bin/env node
// The `omnistock` command. TypeScript runs through tsx (no build step): register its ESM loader,
// then load the CLI entry point from the sources next to this file.
import { register } from 'tsx/esm/api';

register();
await import('../src/main/cli.ts');
