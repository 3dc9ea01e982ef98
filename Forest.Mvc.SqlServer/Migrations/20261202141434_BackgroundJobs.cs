using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forest.Mvc.SqlServer.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    JobId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RecordId = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Succeeded = table.Column<bool>(type: "bit", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_job_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Collection = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Action = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Payload = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    TimeZone = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Requester = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RequesterId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    RequesterEmail = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ApprovalId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ApproverId = table.Column<string>(type: "nvarchar(450)", nullable: true),
                    ApproverEmail = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Resumable = table.Column<bool>(type: "bit", nullable: false),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    RunBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Done = table.Column<long>(type: "bigint", nullable: false),
                    Total = table.Column<long>(type: "bigint", nullable: true),
                    Message = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    CancelledBy = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ResultStatus = table.Column<int>(type: "int", nullable: true),
                    ResultBody = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ResultContentType = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ResultFileName = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ResultFile = table.Column<byte[]>(type: "varbinary(max)", nullable: true),
                    ResultExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: true)
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
