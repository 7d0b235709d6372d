import 'reflect-metadata';
import { ConfigValidationError } from '@postbridge/platform';
import { bootstrapOperatorNode } from './operator-node.bootstrap';

bootstrapOperatorNode()
  .then(({ config, url }) => {
    console.log(`operator node ${config.OPERATOR_CODE} listening on ${url} (Swagger UI: ${url}/docs)`);
  })
  .catch((err) => {
    console.error(err instanceof ConfigValidationError ? err.message : err);
    process.exit(1);
  });
