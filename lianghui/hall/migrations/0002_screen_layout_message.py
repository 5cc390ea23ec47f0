from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('hall', '0001_hall_state_speakers'),
    ]

    operations = [
        migrations.AddField(
            model_name='hallstate',
            name='screen_layout',
            field=models.CharField(choices=[('auto', '自动'), ('agenda', '议程'), ('speaker', '发言计时'), ('vote', '表决/选举'), ('seats', '座位图')], default='auto', max_length=10, verbose_name='大屏幕版式'),
        ),
        migrations.AddField(
            model_name='hallstate',
            name='screen_message',
            field=models.CharField(blank=True, max_length=50, verbose_name='会场提示'),
        ),
    ]
