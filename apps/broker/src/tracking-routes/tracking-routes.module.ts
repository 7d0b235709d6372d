import { Module } from '@nestjs/common';
import { TrackingRouteRepository } from './shared/tracking-route.repository.port';
import { TypeOrmTrackingRouteRepository } from './shared/tracking-route.repository.typeorm';

@Module({
  providers: [{ provide: TrackingRouteRepository, useClass: TypeOrmTrackingRouteRepository }],
  exports: [TrackingRouteRepository],
})
export class TrackingRoutesModule {}
