using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forest.Mvc.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class BackgroundJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "forest_job_records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordId = table.Column<string>(type: "TEXT", nullable: false),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_job_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Collection = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", nullable: false),
                    Requester = table.Column<string>(type: "TEXT", nullable: false),
                    RequesterId = table.Column<string>(type: "TEXT", nullable: false),
                    RequesterEmail = table.Column<string>(type: "TEXT", nullable: false),
                    ApprovalId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ApproverId = table.Column<string>(type: "TEXT", nullable: true),
                    ApproverEmail = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Resumable = table.Column<bool>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    RunBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Done = table.Column<long>(type: "INTEGER", nullable: false),
                    Total = table.Column<long>(type: "INTEGER", nullable: true),
                    Message = table.Column<string>(type: "TEXT", nullable: true),
                    CancelledBy = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResultStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    ResultBody = table.Column<string>(type: "TEXT", nullable: true),
                    ResultContentType = table.Column<string>(type: "TEXT", nullable: true),
                    ResultFileName = table.Column<string>(type: "TEXT", nullable: true),
                    ResultFile = table.Column<byte[]>(type: "BLOB", nullable: true),
                    ResultExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_jobs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_forest_job_records_JobId_Id",
                table: "forest_job_records",
                columns: new[] { "JobId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_forest_jobs_ApproverId_CreatedAt",
                table: "forest_jobs",
                columns: new[] { "ApproverId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_forest_jobs_RequesterId_CreatedAt",
                table: "forest_jobs",
                columns: new[] { "RequesterId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_forest_jobs_Status_CreatedAt",
                table: "forest_jobs",
                columns: new[] { "Status", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "forest_job_records");

            migrationBuilder.DropTable(
                name: "forest_jobs");
        }
    }
}
