import init, { runWorker } from './pkg/weightscope.js';
await init();
runWorker();
