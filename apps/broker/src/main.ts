import 'reflect-metadata';
import { ConfigValidationError } from '@postbridge/platform';
import { bootstrapBroker } from './broker.bootstrap';
import { NetworkFileError } from './registry/network-file.loader';

bootstrapBroker()
  .then(({ config, url }) => {
    console.log(`broker listening on ${url} (Swagger UI: ${url}/docs), topic prefix "${config.TOPIC_PREFIX}"`);
  })
  .catch((err: unknown) => {
    // Bad env or network file: say what is wrong, without a stack trace.
    console.error(err instanceof ConfigValidationError || err instanceof NetworkFileError ? err.message : err);
    process.exit(1);
  });
