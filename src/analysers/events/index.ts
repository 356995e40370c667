import { defineAnalyser } from '../../core/analyser.js';
import { codeEvents } from './coder.js';

export const eventsAnalyser = defineAnalyser({
  name: 'events',
  version: '2',
  reads: ['tokens', 'sentences', 'entities', 'dates'],
  writes: 'events',
  run: codeEvents,
});
