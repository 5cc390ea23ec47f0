"""The annual report on proposal work: its generated and edited text, kept apart."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0003_kinship'),
        ('proposals', '0002_load_workflow_table'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportDraft',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('generated_text', models.TextField(verbose_name='生成稿')),
                ('generated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='生成时间')),
                ('edited_text', models.TextField(blank=True, verbose_name='编辑稿')),
                ('edited_from', models.CharField(blank=True, help_text='生成稿的 SHA-256', max_length=64, verbose_name='编辑时依据的生成稿')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='更新时间')),
                ('body', models.ForeignKey(limit_choices_to={'kind__in': ['congress', 'cppcc']}, on_delete=django.db.models.deletion.PROTECT, related_name='proposal_reports', to='people.organisation', verbose_name='机关')),
                ('edited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='编辑人')),
            ],
            options={
                'verbose_name': '提案工作情况报告稿',
                'verbose_name_plural': '提案工作情况报告稿',
                'ordering': ['body', '-year'],
                'constraints': [models.UniqueConstraint(fields=('body', 'year'), name='report_draft_once_per_year')],
            },
        ),
    ]
