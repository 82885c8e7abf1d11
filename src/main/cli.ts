import { runCli } from '../cli/run-cli.ts';
import { productionContext } from './production-context.ts';

/** Entry point of `omnistock` (bin/omnistock.js, `npm start`, `npm run omnistock -- <command>`). */
process.exitCode = await runCli(process.argv.slice(2), productionContext());
