using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forest.Mvc.SqlServer.Migrations
{
    /// <inheritdoc />
    internal partial class ActivityTraceId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "UserEmail",
                table: "forest_activity",
                type: "nvarchar(450)",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Collection",
                table: "forest_activity",
                type: "nvarchar(450)",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)");

            migrationBuilder.AlterColumn<string>(
                name: "Action",
                table: "forest_activity",
                type: "nvarchar(450)",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)");

            migrationBuilder.AddColumn<string>(
                name: "TraceId",
                table: "forest_activity",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_forest_activity_Collection_Action",
                table: "forest_activity",
                columns: new[] { "Collection", "Action" });

            migrationBuilder.CreateIndex(
                name: "IX_forest_activity_TraceId",
                table: "forest_activity",
                column: "TraceId");

            migrationBuilder.CreateIndex(
                name: "IX_forest_activity_UserEmail",
                table: "forest_activity",
                column: "UserEmail");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_forest_activity_Collection_Action",
                table: "forest_activity");

            migrationBuilder.DropIndex(
                name: "IX_forest_activity_TraceId",
                table: "forest_activity");

            migrationBuilder.DropIndex(
                name: "IX_forest_activity_UserEmail",
                table: "forest_activity");

            migrationBuilder.DropColumn(
                name: "TraceId",
                table: "forest_activity");

            migrationBuilder.AlterColumn<string>(
                name: "UserEmail",
                table: "forest_activity",
                type: "nvarchar(max)",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(450)",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Collection",
                table: "forest_activity",
                type: "nvarchar(max)",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(450)");

            migrationBuilder.AlterColumn<string>(
                name: "Action",
                table: "forest_activity",
                type: "nvarchar(max)",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(450)");
        }
    }
}
