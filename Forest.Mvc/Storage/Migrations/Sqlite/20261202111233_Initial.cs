using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forest.Mvc.Storage.Migrations.Sqlite
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Collection = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    IsVisible = table.Column<bool>(type: "INTEGER", nullable: false),
                    EnableCondition = table.Column<string>(type: "TEXT", nullable: true),
                    DisabledReason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_action_settings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_activity",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: true),
                    UserEmail = table.Column<string>(type: "TEXT", nullable: true),
                    Collection = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    RecordIds = table.Column<string>(type: "TEXT", nullable: true),
                    AllRecords = table.Column<bool>(type: "INTEGER", nullable: false),
                    Values = table.Column<string>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: true),
                    DurationMs = table.Column<double>(type: "REAL", nullable: true),
                    ApprovalId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_activity", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_approvals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Collection = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", nullable: false),
                    RecordIds = table.Column<string>(type: "TEXT", nullable: false),
                    Values = table.Column<string>(type: "TEXT", nullable: false),
                    RequesterId = table.Column<string>(type: "TEXT", nullable: false),
                    RequesterEmail = table.Column<string>(type: "TEXT", nullable: false),
                    RequesterName = table.Column<string>(type: "TEXT", nullable: false),
                    RequesterRole = table.Column<string>(type: "TEXT", nullable: true),
                    RequesterTeam = table.Column<string>(type: "TEXT", nullable: true),
                    ApproverRoleIds = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    ReviewerId = table.Column<string>(type: "TEXT", nullable: true),
                    ReviewerEmail = table.Column<string>(type: "TEXT", nullable: true),
                    ReviewerName = table.Column<string>(type: "TEXT", nullable: true),
                    ReviewMessage = table.Column<string>(type: "TEXT", nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResultStatus = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_approvals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_export_permissions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Collection = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_export_permissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_login_failures",
                columns: table => new
                {
                    Account = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LockedUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_login_failures", x => x.Account);
                });

            migrationBuilder.CreateTable(
                name: "forest_permissions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Collection = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", nullable: false),
                    TriggerCondition = table.Column<string>(type: "TEXT", nullable: true),
                    ApprovalCondition = table.Column<string>(type: "TEXT", nullable: true),
                    CanApprove = table.Column<bool>(type: "INTEGER", nullable: false),
                    ApproveCondition = table.Column<string>(type: "TEXT", nullable: true),
                    CanSelfApprove = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_permissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_roles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_roles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_scopes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Collection = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: true),
                    Team = table.Column<string>(type: "TEXT", nullable: true),
                    Filter = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_scopes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_users",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    FirstName = table.Column<string>(type: "TEXT", nullable: false),
                    LastName = table.Column<string>(type: "TEXT", nullable: false),
                    Team = table.Column<string>(type: "TEXT", nullable: true),
                    Role = table.Column<string>(type: "TEXT", nullable: true),
                    PermissionLevel = table.Column<string>(type: "TEXT", nullable: false),
                    TagsJson = table.Column<string>(type: "TEXT", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    DisabledAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_versions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
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
