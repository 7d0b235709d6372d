import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AgentProfile } from './agent-profile';
import { AgentProfileRepository } from './agent-profile.repository.port';

interface Row {
  agent_id: string;
  language: string;
  time_zone: string | null;
  updated_at: Date;
}

const toProfile = (r: Row): AgentProfile => ({ agentId: r.agent_id, language: r.language, timeZone: r.time_zone, updatedAt: r.updated_at });

@Injectable()
export class TypeOrmAgentProfileRepository extends AgentProfileRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  async find(agentId: string): Promise<AgentProfile | null> {
    const rows: Row[] = await this.ds.query(`SELECT * FROM agent_profiles WHERE agent_id = $1`, [agentId]);
    return rows.length ? toProfile(rows[0]) : null;
  }

  async save(p: Omit<AgentProfile, 'updatedAt'>): Promise<AgentProfile> {
    const rows: Row[] = await this.ds.query(
      `INSERT INTO agent_profiles (agent_id, language, time_zone, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (agent_id) DO UPDATE SET language = EXCLUDED.language, time_zone = EXCLUDED.time_zone, updated_at = now()
       RETURNING *`,
      [p.agentId, p.language, p.timeZone],
    );
    return toProfile(rows[0]);
  }
}
