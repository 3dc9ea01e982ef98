using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forest.Mvc.PostgreSql.Migrations
{
    /// <inheritdoc />
    internal partial class ActivityTraceId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TraceId",
                table: "forest_activity",
                type: "character varying(32)",
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
        }
    }
}
