import { MigrationInterface, QueryRunner } from 'typeorm';
import { deleteReferenceData, insertReferenceData } from '../../reference-data';

/** CBS municipalities (1 January 2025) and the municipal business domains. */
export class ReferenceData1795905300000 implements MigrationInterface {
  name = 'ReferenceData1795905300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await insertReferenceData(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await deleteReferenceData(queryRunner);
  }
}
