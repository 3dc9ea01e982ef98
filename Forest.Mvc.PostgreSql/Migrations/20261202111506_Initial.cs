using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Forest.Mvc.PostgreSql.Migrations
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "forest_action_settings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Collection = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    IsVisible = table.Column<bool>(type: "boolean", nullable: false),
                    EnableCondition = table.Column<string>(type: "text", nullable: true),
                    DisabledReason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_action_settings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_activity",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: true),
                    UserEmail = table.Column<string>(type: "text", nullable: true),
                    Collection = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    RecordIds = table.Column<string>(type: "text", nullable: true),
                    AllRecords = table.Column<bool>(type: "boolean", nullable: false),
                    Values = table.Column<string>(type: "text", nullable: true),
                    Outcome = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: true),
                    DurationMs = table.Column<double>(type: "double precision", nullable: true),
                    ApprovalId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_activity", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_approvals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Collection = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    TimeZone = table.Column<string>(type: "text", nullable: false),
                    RecordIds = table.Column<string>(type: "text", nullable: false),
                    Values = table.Column<string>(type: "text", nullable: false),
                    RequesterId = table.Column<string>(type: "text", nullable: false),
                    RequesterEmail = table.Column<string>(type: "text", nullable: false),
                    RequesterName = table.Column<string>(type: "text", nullable: false),
                    RequesterRole = table.Column<string>(type: "text", nullable: true),
                    RequesterTeam = table.Column<string>(type: "text", nullable: true),
                    ApproverRoleIds = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    ReviewerId = table.Column<string>(type: "text", nullable: true),
                    ReviewerEmail = table.Column<string>(type: "text", nullable: true),
                    ReviewerName = table.Column<string>(type: "text", nullable: true),
                    ReviewMessage = table.Column<string>(type: "text", nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResultStatus = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_approvals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_export_permissions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<int>(type: "integer", nullable: false),
                    Collection = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_export_permissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_login_failures",
                columns: table => new
                {
                    Account = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    WindowStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LockedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_login_failures", x => x.Account);
                });

            migrationBuilder.CreateTable(
                name: "forest_permissions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<int>(type: "integer", nullable: false),
                    Collection = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    Trigger = table.Column<string>(type: "text", nullable: false),
                    TriggerCondition = table.Column<string>(type: "text", nullable: true),
                    ApprovalCondition = table.Column<string>(type: "text", nullable: true),
                    CanApprove = table.Column<bool>(type: "boolean", nullable: false),
                    ApproveCondition = table.Column<string>(type: "text", nullable: true),
                    CanSelfApprove = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_permissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_roles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_roles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_scopes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Collection = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: true),
                    Team = table.Column<string>(type: "text", nullable: true),
                    Filter = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_scopes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_users",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    NormalizedEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    FirstName = table.Column<string>(type: "text", nullable: false),
                    LastName = table.Column<string>(type: "text", nullable: false),
                    Team = table.Column<string>(type: "text", nullable: true),
                    Role = table.Column<string>(type: "text", nullable: true),
                    PermissionLevel = table.Column<string>(type: "text", nullable: false),
                    TagsJson = table.Column<string>(type: "text", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    DisabledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_versions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_versions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_forest_action_settings_Collection_Action",
                table: "forest_action_settings",
                columns: new[] { "Collection", "Action" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_forest_activity_At",
                table: "forest_activity",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_forest_approvals_RequesterId",
                table: "forest_approvals",
                column: "RequesterId");

            migrationBuilder.CreateIndex(
                name: "IX_forest_approvals_Status_CreatedAt",
                table: "forest_approvals",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_forest_export_permissions_RoleId_Collection",
                table: "forest_export_permissions",
                columns: new[] { "RoleId", "Collection" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_forest_permissions_RoleId_Collection_Action",
                table: "forest_permissions",
                columns: new[] { "RoleId", "Collection", "Action" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_forest_roles_Name",
                table: "forest_roles",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_forest_users_NormalizedEmail",
                table: "forest_users",
                column: "NormalizedEmail",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "forest_action_settings");

            migrationBuilder.DropTable(
                name: "forest_activity");

            migrationBuilder.DropTable(
                name: "forest_approvals");

            migrationBuilder.DropTable(
                name: "forest_export_permissions");

            migrationBuilder.DropTable(
                name: "forest_login_failures");

            migrationBuilder.DropTable(
                name: "forest_permissions");

            migrationBuilder.DropTable(
                name: "forest_roles");

            migrationBuilder.DropTable(
                name: "forest_scopes");

            migrationBuilder.DropTable(
                name: "forest_users");

            migrationBuilder.DropTable(
                name: "forest_versions");
        }
    }
}
