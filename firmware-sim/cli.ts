import { SimError } from './errors.js';

/** The `coldtrace-sim` command: simulated loggers, scenarios and fleet load. */
const USAGE = `usage: coldtrace-sim <command>

  list                              the scenario library with the verdict each must produce
  run <scenario|all> [options]      register what the scenario needs, dispatch, publish, receive
      --api URL                       coldtrace API (default http://127.0.0.1:$COLDTRACE_HTTP_PORT or 8080)
      --key KEY                       API key (default $COLDTRACE_ADMIN_KEY)
      --mqtt URL                      broker (default mqtt://127.0.0.1:$COLDTRACE_MQTT_PORT or 1883)
      --seconds S                     wall-clock seconds for the scenario's device time (default 10)
      --clock-skew-s S                every device's clock runs S seconds ahead (negative: behind)
      --publish-only                  no API: only play the devices over MQTT
      --leave-in-transit              no receipt: the shipment waits for a person at the handover page
      --site SITE                     the shipment's destination site (default the scenario's)
      --manufacturer ORG              the manufacturer organisation (default Demo Cell Therapeutics)
      --json                          one JSON result per scenario
  fleet --devices N --interval S --duration D [options]
      --mqtt URL                      broker, as above
      --register                      register the devices through the API first (--api, --key)
      --provision-file FILE           JSON lines {"deviceId","secret"}: written by --register, read otherwise
      --prefix P                      device ids P-00000 ... (default fleet)
      --workers W                     worker threads (default one per 1,250 devices, at most 4)
  people [--api URL --key KEY --json] the demo's people (receiver and verifier for two sites, QA for
                                    two manufacturers, an administrator): creates them, or resets
                                    their passwords when they exist, and prints login names and passwords

Exit status: 0 as expected, 1 a scenario did not produce its promised outcome (or fleet errors),
2 usage or connection errors.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'list': {
      const { listScenarios } = await import('./cli-run.js');
      return listScenarios();
    }
    case 'run': {
      const { runCommand } = await import('./cli-run.js');
      return runCommand(rest, process.env);
    }
    case 'fleet': {
      const { fleetCommand } = await import('./cli-fleet.js');
      return fleetCommand(rest, process.env);
    }
    case 'people': {
      const { peopleCommand } = await import('./cli-people.js');
      return peopleCommand(rest, process.env);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command ? 0 : 2;
    default:
      console.error(`coldtrace-sim: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof SimError) console.error(`coldtrace-sim: ${error.code}: ${error.message}`);
    else console.error('coldtrace-sim:', error);
    process.exitCode = 2;
  },
);
