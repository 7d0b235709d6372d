import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AlertFilter, alertFromRow, ALERTS_AFTER_SQL, alertsAfterParams, LATEST_ALERTS_SQL, StoredAlert } from './alert';
import { AlertRepository } from './alert.repository.port';

@Injectable()
export class TypeOrmAlertRepository extends AlertRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  async after(since: string, filter: AlertFilter, limit: number): Promise<StoredAlert[]> {
    return (await this.ds.query(ALERTS_AFTER_SQL, alertsAfterParams(since, filter, limit))).map(alertFromRow);
  }

  async latest(filter: AlertFilter, limit: number): Promise<StoredAlert[]> {
    const [, ...params] = alertsAfterParams('0', filter, limit);
    return (await this.ds.query(LATEST_ALERTS_SQL, params)).map(alertFromRow).reverse();
  }
}
