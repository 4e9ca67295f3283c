/**
 * The V8 flags the production server runs with (`npm run serve` in package.json): measurements
 * start the server, and run credential work, the same way.
 *
 * A young generation of up to 32 MB per semi-space: signing and verifying credentials allocate
 * short-lived objects fast (JSON-LD expansion copies its active context for every typed object), and
 * with V8's smaller default a third of that time went to scavenges. Measured on one credential:
 * verification 13 → 7 ms, issuing 19 → 16 ms (median), for about 40 MB more resident memory.
 *
 * An old generation of at most 256 MB: V8 sizes it from the machine's memory and, on a 24 GB
 * machine, let garbage pile up to about 200 MB before collecting it (the live heap under load is
 * about 45 MB), so each process held 470 MB. Capped, it collects sooner: about 300 MB resident
 * under the same load, for a few per cent more CPU.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32', '--max-old-space-size=256']
