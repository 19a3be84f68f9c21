import { Global, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TransactionService } from '../common/transaction.service';
import { AppConfig } from '../config/app-config';
import { RequestLoadersFactory } from '../graphql/request-loaders';
import { databaseOptions } from './database-options';
import { useImmediateTransactions } from './sqlite-immediate-transactions';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...databaseOptions(config),
        // Migrations, never synchronize: the schema is what the migrations say, on every start.
        migrationsRun: true,
        // Tests fail fast on a bad connection instead of retrying past jest's timeouts.
        retryAttempts: config.NODE_ENV === 'test' ? 0 : 10,
        retryDelay: 2000,
      }),
    }),
  ],
  providers: [TransactionService, RequestLoadersFactory],
  exports: [TransactionService, RequestLoadersFactory],
})
export class DatabaseModule implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    useImmediateTransactions(this.dataSource);
  }
}
