import { Controller, Get, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Public, RequirePermission } from './auth.decorators';
import { AuthModule } from './auth.module';
import { oidcSettings, OidcEnv } from './oidc-settings';
import { NODE_ROLE_PERMISSIONS } from './permissions';

@Controller('good')
class GoodController {
  @Get() @RequirePermission('cases:read') list(): string {
    return 'ok';
  }
  @Get('probe') @Public() probe(): string {
    return 'ok';
  }
}

@RequirePermission('templates:read')
@Controller('classy')
class ClassLevelController {
  @Get() list(): string {
    return 'ok';
  }
}

@Controller('forgot')
class ForgetfulController {
  @Get() @RequirePermission('cases:read') fine(): string {
    return 'ok';
  }
  @Post() write(): string {
    return 'oops';
  }
}

@Controller('nobody')
class UngrantedController {
  @Get() @RequirePermission('reports:read') report(): string {
    return 'x';
  }
}

const auth = () => AuthModule.forRoot({ oidc: oidcSettings(Object.assign(new OidcEnv(), { OIDC_ISSUER: 'http://127.0.0.1:1/r', OIDC_AUDIENCE: 'a' })), roles: NODE_ROLE_PERMISSIONS });
const start = async (...controllers: Array<new (...a: never[]) => unknown>) => {
  const m = await Test.createTestingModule({ imports: [auth()], controllers }).compile();
  m.useLogger(false);
  try {
    await m.init();
  } finally {
    await m.close();
  }
};

describe('routes must declare a permission', () => {
  it('starts when every route declares one, on the method or the class', async () => {
    await expect(start(GoodController, ClassLevelController)).resolves.toBeUndefined();
  });

  it('refuses to start with a route that declares none, naming it', async () => {
    await expect(start(GoodController, ForgetfulController)).rejects.toThrow(/ForgetfulController\.write: no permission declared/);
  });

  it('refuses a permission no role of the app grants (a broker permission on a node)', async () => {
    await expect(start(UngrantedController)).rejects.toThrow(/UngrantedController\.report: reports:read is granted by no role/);
  });
});
