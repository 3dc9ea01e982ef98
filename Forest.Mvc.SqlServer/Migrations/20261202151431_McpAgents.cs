using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forest.Mvc.SqlServer.Migrations
{
    /// <inheritdoc />
    internal partial class McpAgents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "forest_activity",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Token",
                table: "forest_activity",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Tool",
                table: "forest_activity",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "forest_access_tokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    UserEmail = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    User = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Hash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Prefix = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LastUsedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_access_tokens", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_agent_files",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_agent_files", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_forest_activity_Source",
                table: "forest_activity",
                column: "Source");

            migrationBuilder.CreateIndex(
                name: "IX_forest_access_tokens_Hash",
                table: "forest_access_tokens",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_forest_access_tokens_UserId_CreatedAt",
                table: "forest_access_tokens",
                columns: new[] { "UserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_forest_agent_files_ExpiresAt",
                table: "forest_agent_files",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "forest_access_tokens");

            migrationBuilder.DropTable(
                name: "forest_agent_files");

            migrationBuilder.DropIndex(
                name: "IX_forest_activity_Source",
                table: "forest_activity");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "forest_activity");

            migrationBuilder.DropColumn(
                name: "Token",
                table: "forest_activity");

            migrationBuilder.DropColumn(
                name: "Tool",
                table: "forest_activity");
        }
    }
}
