/**
 * A throwaway certificate authority for tests of TLS to PostgreSQL and Kafka: a CA, certificates
 * it signs (server names as SANs, client names as CN) and their unencrypted PKCS#8 keys, as PEM
 * files, made with the openssl CLI (Node can check certificates but not issue them).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';

export interface TestCertificate {
  cert: string;
  key: string;
}

export interface TestPki {
  dir: string;
  /** The CA's certificate (what clients trust). */
  ca: string;
  caKey: string;
  /** A certificate for a server: `names` become SANs (IP addresses as IP SANs), the first is the CN. */
  server(name: string, names: string[]): TestCertificate;
  /** A client certificate whose CN is `commonName` (PostgreSQL's `cert` auth maps it to the user). */
  client(name: string, commonName: string): TestCertificate;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A new CA in `dir` (created, and left readable by others: a server run as another OS user reads its files there). */
export function createTestPki(dir: string, caName = 'PostBridge Test CA'): TestPki {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  openssl(['req', '-x509', ...KEY, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', `/CN=${caName}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  const issue = (name: string, cn: string, ext: string): TestCertificate => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(['req', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`], dir);
    return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  };
  return {
    dir,
    ca: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    server: (name, names) => {
      const san = names.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
      return issue(name, names[0], `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`);
    },
    client: (name, commonName) => issue(name, commonName, 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n'),
  };
}
