using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forest.Mvc.SqlServer.Migrations
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
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Collection = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    Action = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    IsVisible = table.Column<bool>(type: "bit", nullable: false),
                    EnableCondition = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    DisabledReason = table.Column<string>(type: "nvarchar(max)", nullable: true)
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
                        .Annotation("SqlServer:Identity", "1, 1"),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    UserEmail = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Collection = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Action = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RecordIds = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    AllRecords = table.Column<bool>(type: "bit", nullable: false),
                    Values = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Status = table.Column<int>(type: "int", nullable: true),
                    DurationMs = table.Column<double>(type: "float", nullable: true),
                    ApprovalId = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_activity", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_approvals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Collection = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Action = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Payload = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    TimeZone = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RecordIds = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Values = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RequesterId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    RequesterEmail = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RequesterName = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RequesterRole = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    RequesterTeam = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ApproverRoleIds = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    ReviewerId = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ReviewerEmail = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ReviewerName = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ReviewMessage = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ResultStatus = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_approvals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_export_permissions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    RoleId = table.Column<int>(type: "int", nullable: false),
                    Collection = table.Column<string>(type: "nvarchar(450)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_export_permissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_login_failures",
                columns: table => new
                {
                    Account = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false),
                    WindowStart = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LockedUntil = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_login_failures", x => x.Account);
                });

            migrationBuilder.CreateTable(
                name: "forest_permissions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    RoleId = table.Column<int>(type: "int", nullable: false),
                    Collection = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    Action = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    Trigger = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    TriggerCondition = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ApprovalCondition = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    CanApprove = table.Column<bool>(type: "bit", nullable: false),
                    ApproveCondition = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    CanSelfApprove = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_permissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_roles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(450)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_roles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_scopes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Collection = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Role = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Team = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Filter = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_scopes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_users",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Email = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    NormalizedEmail = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    FirstName = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    LastName = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Team = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Role = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    PermissionLevel = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    TagsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PasswordHash = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    SecurityStamp = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    DisabledAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forest_users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forest_versions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
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
