// The child side of runInChild: imports the task module, runs it on the args sent, answers.
const taskModule = process.argv[2]!;
process.once('message', (args) => {
  void (async () => {
    try {
      const { task } = (await import(taskModule)) as { task: (a: unknown) => Promise<object> };
      const cpu0 = process.cpuUsage();
      const value = await task(args);
      const cpu = process.cpuUsage(cpu0);
      const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
      process.send!({ ok: true, value: { ...value, peakRssMb, cpuSeconds: (cpu.user + cpu.system) / 1e6 } });
    } catch (e) {
      process.send!({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
    process.disconnect();
  })();
});
