import { describe, expect, it } from 'vitest';
import { HANDLER_THREW, SyncWorker } from '../../../src/config/sync-worker.js';

describe('SyncWorker', () => {
  it('answers each question synchronously from one worker, with require in scope', () => {
    const worker = new SyncWorker(`(message, answer) => answer(message.n * 2 + (typeof require('node:net').connect === 'function' ? 1 : 0))`);
    try {
      expect(worker.ask({ n: 3 }, 5000)).toBe(7);
      expect(worker.ask({ n: 10 }, 5000)).toBe(21);
    } finally {
      worker.end();
    }
  });

  it('gives no answer past the limit, ends that worker, and answers the next question from a new one', () => {
    // A worker keeps its own count: a new one starts again at 1.
    const worker = new SyncWorker(`(() => { let asked = 0; return (message, answer) => { asked += 1; if (!message.hang) answer(asked); else for (;;); }; })()`);
    try {
      expect(worker.ask({ hang: false }, 5000)).toBe(1);
      expect(worker.ask({ hang: true }, 200)).toBeUndefined();
      expect(worker.ask({ hang: false }, 5000)).toBe(1);
    } finally {
      worker.end();
    }
  });

  it('answers HANDLER_THREW for a question whose handler threw, and keeps that worker for the next', () => {
    // Uncaught, the throw ended the worker: the question waited out its limit and read as unanswered.
    const worker = new SyncWorker(`(() => { let asked = 0; return (message, answer) => { asked += 1; if (message.fail) throw new RangeError('x'); answer(asked); }; })()`);
    try {
      expect(worker.ask({ fail: true }, 5000)).toBe(HANDLER_THREW);
      expect(worker.ask({ fail: false }, 5000)).toBe(2);
    } finally {
      worker.end();
    }
  });
});
